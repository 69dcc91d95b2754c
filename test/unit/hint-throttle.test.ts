import { expect } from '@open-wc/testing';
import { HintThrottle } from '../../src/quality/hint-throttle.js';

describe('HintThrottle', () => {
  it('shows a hint seen on two frames in a row, once the interval has passed', () => {
    const throttle = new HintThrottle<string>(2000, 2);
    throttle.reset(0);

    expect(throttle.offer('blurry', 1800)).to.equal(undefined);
    expect(throttle.offer('blurry', 2000)).to.equal('blurry');
  });

  it('does not repeat the hint shown', () => {
    const throttle = new HintThrottle<string>(2000, 2);
    throttle.reset(-5000);
    throttle.offer('glare', 0);
    throttle.offer('glare', 200);

    expect(throttle.offer('glare', 5000)).to.equal(undefined);
    expect(throttle.offer('glare', 9000)).to.equal(undefined);
  });

  it('changes the hint no sooner than the interval after the last change', () => {
    const throttle = new HintThrottle<string>(2000, 2);
    throttle.reset(-5000);
    throttle.offer('glare', 0);
    throttle.offer('glare', 200); // shown at 200

    const shown = [400, 600, 800, 1000, 2000, 2200].map((now) => throttle.offer('blurry', now));

    expect(shown).to.deep.equal([undefined, undefined, undefined, undefined, undefined, 'blurry']);
  });

  it('ignores a hint that flickers between frames', () => {
    const throttle = new HintThrottle<string>(0, 2);
    throttle.reset(0);

    const shown = ['a', 'b', 'a', 'b', 'a'].map((hint, i) => throttle.offer(hint, i * 200));

    expect(shown).to.deep.equal([undefined, undefined, undefined, undefined, undefined]);
  });
});
