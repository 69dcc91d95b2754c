import { expect } from '@open-wc/testing';
import { compressFile as withLibrary } from '../../src/image/compress-file.js';
import { compressFile } from '../../src/image/compress-file-canvas.js';
import { MAX_UPLOAD_BYTES } from '../../src/image/limits.js';
import { EncodeError } from '../../src/image/protocol.js';
import { jpegWithOrientation } from './support/exif.js';

// The single-file build's compressor of a picked picture (vite.bundled.config.ts resolves
// compress-file.js to it): the browser's decoder and canvas instead of browser-image-compression.
// Run here on the page's thread, as it runs there and in the file worker alike.

/** A picture drawn on a canvas: grey, a blue block at the top left, transparent at the bottom right if `hole`. */
async function picture(width: number, height: number, type: 'image/png' | 'image/jpeg', hole = false): Promise<File> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#c8d2dc';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#1e40ff';
  context.fillRect(0, 0, width / 4, height / 4);
  if (hole) context.clearRect(width / 2, height / 2, width / 2, height / 2);
  const blob = await canvas.convertToBlob({ type, quality: 0.95 });
  return new File([blob], type === 'image/png' ? 'card.png' : 'card.jpg', { type });
}

/** The colour of one pixel of a JPEG. */
async function pixel(blob: Blob, x: number, y: number): Promise<number[]> {
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return [...context.getImageData(x, y, 1, 1).data.subarray(0, 3)];
}

const near = (actual: number[], expected: number[], tolerance = 12) =>
  actual.every((value, i) => Math.abs(value - expected[i]) <= tolerance);

describe('compressFile, canvas (single-file build)', () => {
  it('turns a PNG into a JPEG within 2560 px, as browser-image-compression does', async () => {
    const file = await picture(3000, 1900, 'image/png');

    const image = await compressFile(file, MAX_UPLOAD_BYTES);
    const library = await withLibrary(file, MAX_UPLOAD_BYTES);

    expect(image.blob.type).to.equal('image/jpeg');
    expect([image.width, image.height]).to.deep.equal([2560, 1621]);
    expect([image.width, image.height]).to.deep.equal([library.width, library.height]);
    expect(image.blob.size).to.be.at.most(MAX_UPLOAD_BYTES);
    const bitmap = await createImageBitmap(image.blob);
    expect([bitmap.width, bitmap.height]).to.deep.equal([2560, 1621]);
    bitmap.close();
  });

  it('keeps a picture within the limits at its own size', async () => {
    const image = await compressFile(await picture(1600, 1000, 'image/jpeg'), MAX_UPLOAD_BYTES);

    expect([image.width, image.height]).to.deep.equal([1600, 1000]);
    expect(near(await pixel(image.blob, 100, 100), [0x1e, 0x40, 0xff])).to.equal(true);
  });

  it('makes the transparent parts of a PNG white', async () => {
    const image = await compressFile(await picture(800, 600, 'image/png', true), MAX_UPLOAD_BYTES);

    expect(near(await pixel(image.blob, 700, 500), [255, 255, 255])).to.equal(true);
    expect(near(await pixel(image.blob, 100, 300), [0xc8, 0xd2, 0xdc])).to.equal(true);
  });

  it('applies the EXIF orientation', async () => {
    // Stored 600 × 800 with "rotate 90° clockwise to show" (orientation 6): shown 800 × 600.
    const stored = new Uint8Array(await (await picture(600, 800, 'image/jpeg')).arrayBuffer());
    const file = jpegWithOrientation(stored, 6);

    const image = await compressFile(file, MAX_UPLOAD_BYTES);

    expect([image.width, image.height]).to.deep.equal([800, 600]);
    // The blue block, top left as stored, is top right as shown.
    expect(near(await pixel(image.blob, 700, 50), [0x1e, 0x40, 0xff])).to.equal(true);
  });

  it('refuses what is not a picture with UNSUPPORTED_FILE', async () => {
    const error = await compressFile(new File(['not a picture'], 'card.jpg', { type: 'image/jpeg' }), MAX_UPLOAD_BYTES)
      .then(() => null)
      .catch((e: unknown) => e);

    expect(error).to.be.instanceOf(EncodeError);
    expect((error as EncodeError).code).to.equal('UNSUPPORTED_FILE');
  });

  it('says FILE_TOO_LARGE when even the lowest quality is over the limit', async () => {
    const error = await compressFile(await picture(800, 600, 'image/png'), 1000)
      .then(() => null)
      .catch((e: unknown) => e);

    expect((error as EncodeError).code).to.equal('FILE_TOO_LARGE');
  });
});
