import { expect, oneEvent } from '@open-wc/testing';
import '../../src/dni-capture.js';

// What the widget asks the camera for. The camera is Chromium's fake device, which offers any
// size up to 3840×2160; the constraints are observed on their way to the real getUserMedia.

const realGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);

afterEach(() => {
  navigator.mediaDevices.getUserMedia = realGetUserMedia;
});

/** Opens the widget's camera, returning what it asked for and what it got. */
async function openCamera(): Promise<{ asked: MediaTrackConstraints; width: number; height: number }> {
  const asked: MediaStreamConstraints[] = [];
  navigator.mediaDevices.getUserMedia = (constraints) => {
    asked.push(constraints ?? {});
    return realGetUserMedia(constraints);
  };
  const el = document.createElement('dni-capture');
  el.proxyUrl = '/__test/echo';
  const ready = oneEvent<HTMLElementEventMap['dni-camera-ready']>(el, 'dni-camera-ready');
  document.body.append(el);
  const { detail } = await ready;
  el.remove();
  return { asked: asked[0].video as MediaTrackConstraints, width: detail.width, height: detail.height };
}

describe('camera constraints', () => {
  it('gets a 2560×1440 stream where the camera offers one (a card of about 1150 px in portrait)', async () => {
    const { width, height } = await openCamera();

    expect([width, height]).to.deep.equal([2560, 1440]);
  });

  it('asks for sizes only as ideals, with no aspect ratio, so an upright phone is not forced to landscape', async () => {
    const { asked } = await openCamera();

    expect(asked).to.not.have.property('aspectRatio');
    expect(asked.width).to.deep.equal({ ideal: 2560 });
    expect(asked.height).to.deep.equal({ ideal: 1440 });
  });

  it('asks for the rear camera without requiring one', async () => {
    const { asked } = await openCamera();

    expect(asked.facingMode).to.deep.equal({ ideal: 'environment' });
  });
});
