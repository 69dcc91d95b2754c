import { expect } from '@open-wc/testing';
import {
  cardInCrop,
  cropRect,
  fitWithinApiLimits,
  guideRect,
  ID1_ASPECT,
  overlayAspectRatio,
  type Rect,
} from '../../src/geometry.js';
import { containRect, mapToContain } from '../support/geometry.js';

const EPS = 1e-6;

/** Whether `inner` lies within `outer`. */
function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x - EPS &&
    inner.y >= outer.y - EPS &&
    inner.x + inner.width <= outer.x + outer.width + EPS &&
    inner.y + inner.height <= outer.y + outer.height + EPS
  );
}

describe('ID1_ASPECT', () => {
  it('is the ID-1 card ratio 85.60 / 53.98 ≈ 1.586', () => {
    expect(ID1_ASPECT).to.be.closeTo(1.586, 0.001);
  });
});

describe('guideRect', () => {
  it('fits a landscape 1920×1080 frame by its height (80%), centred', () => {
    const rect = guideRect(1920, 1080);

    expect(rect.height).to.be.closeTo(864, EPS);
    expect(rect.width).to.be.closeTo(864 * ID1_ASPECT, EPS);
    expect(rect.x).to.be.closeTo((1920 - 864 * ID1_ASPECT) / 2, EPS);
    expect(rect.y).to.be.closeTo(108, EPS);
  });

  it('fits a portrait 1080×1920 frame by its width (80%), centred', () => {
    const rect = guideRect(1080, 1920);

    expect(rect.width).to.be.closeTo(864, EPS);
    expect(rect.height).to.be.closeTo(864 / ID1_ASPECT, EPS);
    expect(rect.x).to.be.closeTo(108, EPS);
    expect(rect.y).to.be.closeTo((1920 - 864 / ID1_ASPECT) / 2, EPS);
  });

  it('keeps the card aspect 1.586 in both orientations', () => {
    const landscape = guideRect(1920, 1080);
    const portrait = guideRect(1080, 1920);

    expect(landscape.width / landscape.height).to.be.closeTo(1.5858, 0.0001);
    expect(portrait.width / portrait.height).to.be.closeTo(1.5858, 0.0001);
  });

  it('honours a custom fill', () => {
    const rect = guideRect(1000, 1000, 0.5);

    expect(rect.width).to.be.closeTo(500, EPS);
    expect(rect.x).to.be.closeTo(250, EPS);
  });
});

describe('cropRect', () => {
  for (const [w, h] of [
    [1920, 1080],
    [1080, 1920],
    [1280, 720],
    [640, 480],
    [4032, 3024],
  ] as const) {
    it(`stays within a ${w}×${h} frame, in whole pixels, around the guide`, () => {
      const crop = cropRect(w, h);

      expect(contains({ x: 0, y: 0, width: w, height: h }, crop)).to.equal(true);
      expect([crop.x, crop.y, crop.width, crop.height].every(Number.isInteger)).to.equal(true);
      expect(contains(crop, guideRect(w, h))).to.equal(true);
    });
  }

  it('adds a 6% margin around the guide of a 1920×1080 frame, clamped to the frame', () => {
    const crop = cropRect(1920, 1080);

    expect(crop).to.deep.equal({ x: 192, y: 25, width: 1536, height: 1030 });
  });

  it('crops a portrait 1080×1920 frame around its guide', () => {
    const crop = cropRect(1080, 1920);

    expect(crop).to.deep.equal({ x: 56, y: 635, width: 968, height: 650 });
  });
});

describe('cardInCrop', () => {
  it('places an ID-1 card centred in the crop, inside its margin', () => {
    const card = cardInCrop(1536, 1030);

    expect(card.width / card.height).to.be.closeTo(ID1_ASPECT, EPS);
    expect(card.width).to.be.closeTo(1536 / 1.12, EPS);
    expect(card.x).to.be.closeTo((1536 - card.width) / 2, EPS);
  });
});

describe('fitWithinApiLimits', () => {
  it('scales 8000×6000 down to at most 6000 px, keeping the aspect', () => {
    const size = fitWithinApiLimits({ width: 8000, height: 6000 });

    expect(size).to.deep.equal({ width: 6000, height: 4500 });
  });

  it('scales 100×80 up to at least 128 px, keeping the aspect', () => {
    const size = fitWithinApiLimits({ width: 100, height: 80 });

    expect(size).to.deep.equal({ width: 160, height: 128 });
  });

  it('leaves a size within the limits alone (no upscaling)', () => {
    const size = fitWithinApiLimits({ width: 1536, height: 1030 });

    expect(size).to.deep.equal({ width: 1536, height: 1030 });
  });

  it('scales a portrait 4000×7000 to 6000 px high', () => {
    const size = fitWithinApiLimits({ width: 4000, height: 7000 });

    expect(size).to.deep.equal({ width: 3429, height: 6000 });
  });
});

describe('containRect', () => {
  it('letterboxes a wide image in a square box', () => {
    const rect = containRect({ width: 1000, height: 500 }, { width: 400, height: 400 });

    expect(rect).to.deep.equal({ x: 0, y: 100, width: 400, height: 200 });
  });
});

describe('mapToContain', () => {
  it('maps points of a wide image letterboxed (bars above and below)', () => {
    const points = mapToContain(
      [
        [0, 0],
        [1000, 500],
      ],
      { width: 1000, height: 500 },
      { width: 400, height: 400 },
    );

    expect(points).to.deep.equal([
      [0, 100],
      [400, 300],
    ]);
  });

  it('maps points of a tall image pillarboxed (bars left and right)', () => {
    const points = mapToContain([[250, 500]], { width: 500, height: 1000 }, { width: 400, height: 400 });

    expect(points).to.deep.equal([[200, 200]]);
  });

  it('maps a rotated quadrilateral point by point, keeping its shape', () => {
    const quad = [
      [600, 100],
      [700, 300],
      [500, 400],
      [400, 200],
    ] as const;

    const points = mapToContain(quad, { width: 1000, height: 500 }, { width: 400, height: 400 });

    expect(points).to.deep.equal([
      [240, 140],
      [280, 220],
      [200, 260],
      [160, 180],
    ]);
  });

  it('maps an upscaled preview (box larger than the image)', () => {
    const points = mapToContain([[10, 20]], { width: 100, height: 100 }, { width: 300, height: 200 });

    expect(points).to.deep.equal([[70, 40]]);
  });
});

describe('overlayAspectRatio', () => {
  it('maps object-fit contain (the default) to meet, centred', () => {
    expect(overlayAspectRatio('contain', '50% 50%')).to.equal('xMidYMid meet');
  });

  it('maps object-fit cover to slice', () => {
    expect(overlayAspectRatio('cover', '50% 50%')).to.equal('xMidYMid slice');
  });

  it('maps object-fit fill to none, whatever the position', () => {
    expect(overlayAspectRatio('fill', '0% 100%')).to.equal('none');
  });

  it('draws none and scale-down as contain', () => {
    expect(overlayAspectRatio('none')).to.equal('xMidYMid meet');
    expect(overlayAspectRatio('scale-down')).to.equal('xMidYMid meet');
  });

  const positions: [string, string][] = [
    ['0% 0%', 'xMinYMin'],
    ['100% 100%', 'xMaxYMax'],
    ['0% 100%', 'xMinYMax'],
    ['100% 50%', 'xMaxYMid'],
    ['0px 0px', 'xMinYMin'],
    ['left top', 'xMinYMin'],
    ['top left', 'xMinYMin'],
    ['right', 'xMaxYMid'],
    ['bottom', 'xMidYMax'],
    ['center', 'xMidYMid'],
    ['right bottom', 'xMaxYMax'],
    ['bottom right', 'xMaxYMax'],
    ['center top', 'xMidYMin'],
  ];
  for (const [position, align] of positions) {
    it(`aligns object-position ${position} as ${align}`, () => {
      expect(overlayAspectRatio('cover', position)).to.equal(`${align} slice`);
    });
  }

  it('takes the nearest alignment for other percentages', () => {
    expect(overlayAspectRatio('cover', '10% 90%')).to.equal('xMinYMax slice');
    expect(overlayAspectRatio('cover', '40% 60%')).to.equal('xMidYMid slice');
  });

  it('centres lengths, calc() and edge offsets it cannot express', () => {
    expect(overlayAspectRatio('cover', '12px 30px')).to.equal('xMidYMid slice');
    expect(overlayAspectRatio('cover', 'calc(100% - 10px) 5px')).to.equal('xMidYMid slice');
    expect(overlayAspectRatio('cover', 'right 10px top 5px')).to.equal('xMidYMid slice');
  });

  it('defaults to the centre without a position', () => {
    expect(overlayAspectRatio('cover')).to.equal('xMidYMid slice');
    expect(overlayAspectRatio('contain', '')).to.equal('xMidYMid meet');
  });
});
