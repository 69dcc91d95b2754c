/**
 * The results the mock answers: the contract's examples (shared/api/idcard-api.md), with the
 * vendor's masked values ("1075xxxx-x", "COMXX") filled in with invented but well-formed ones
 * (valid RENIEC check characters, real UBIGEO codes), and the `face_region` where the photo
 * of a card that fills the widget's guide frame falls in the image received.
 */
import { cardInCrop } from '../../src/geometry.ts';
import type { CardType, Side } from '../../src/api/types.ts';
import { PHOTO_BOX } from './layout.ts';

type Info = Record<string, string>;

/** Invented people. `10117410` → check `2`, `16793105` → `2` (shared/domain/peru-documents.md). */
export const CARD_INFO: Readonly<Record<CardType, Partial<Record<Side, Readonly<Info>>>>> = {
  new: {
    front: {
      id_number: '10117410-2',
      father_name: 'CONDORI',
      mother_name: 'CCAHUANA',
      name: 'ANA ISABEL',
      gender: 'FEMENINO',
      gender_s: 'F',
      marriage: 'Soltero',
      birthday: '16/05/1994',
      birth_place: '140133',
      issue_date: '11/10/2022',
      expiry_date: '11/10/2030',
      election_number: '053187',
      organ_donation: 'NO',
    },
    back: {
      region: 'LIMA/LIMA/LA VICTORIA',
      address: 'JR. 15 DE JULIO 1045 DPTO. 213',
    },
  },
  old: {
    front: {
      id_number: '16793105-2',
      father_name: 'QUISPE',
      mother_name: 'MAMANI',
      name: 'JUAN CARLOS',
      gender: 'M',
      gender_s: 'M',
      marriage: 'S',
      birthday: '15/03/1991',
      birth_place: '140133',
      registration_date: '11/10/2016',
      issue_date: '11/10/2019',
      expiry_date: '11/10/2027',
    },
    back: {
      address: 'AV. BRASIL 2150',
      department: 'LIMA',
      district: 'JESUS MARIA',
      election_number: '036418',
      organ_donation: 'NO',
      province: 'LIMA',
    },
  },
  ALIEN: {
    front: {
      birthday: '12 MAR 1991',
      birthday_s: '12-03-1991',
      document_number: '',
      expiry_date: '',
      expiry_date_s: '',
      gender: 'M',
      gender_s: 'M',
      given_name: 'ADRIAN JOSE',
      id_number: '004599217',
      issue_date: '',
      issue_date_s: '',
      marriage: 'S',
      migratory_quality: 'ESP ESPECIAL',
      nationality: 'VENEZOLANA',
      surname: 'RIOS PEREZ',
    },
    // The API documents no back for the foreigner card: the mock answers DETECTION_FAILED.
  },
};

export type Point = [number, number];

/**
 * The face's quadrilateral (top-left, top-right, bottom-right, bottom-left) in an image of
 * `width`×`height` pixels that is a crop of the guide frame with the card filling the guide:
 * `cardInCrop()`, then `PHOTO_BOX`, rounded to whole pixels and kept inside the image.
 */
export function faceRegionFor(width: number, height: number): [Point, Point, Point, Point] {
  const card = cardInCrop(width, height);
  const x = (f: number) => Math.min(width, Math.max(0, Math.round(card.x + f * card.width)));
  const y = (f: number) => Math.min(height, Math.max(0, Math.round(card.y + f * card.height)));
  const x0 = x(PHOTO_BOX.x0);
  const x1 = x(PHOTO_BOX.x1);
  const y0 = y(PHOTO_BOX.y0);
  const y1 = y(PHOTO_BOX.y1);
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}

/** Sides that carry a photo, on which `detect_face=1` adds a `face_region`. */
export function hasPhoto(side: Side): boolean {
  return side === 'front';
}

export interface MockResult {
  card_type: string;
  card_side: string;
  card_info: Record<string, unknown>;
  face_region?: unknown;
}

/** One documented result, or null when the API documents none (the foreigner card's back). */
export function exampleResult(
  cardType: CardType,
  side: Side,
  face: { width: number; height: number } | null,
): MockResult | null {
  const info = CARD_INFO[cardType][side];
  if (!info) return null;
  const result: MockResult = { card_type: cardType, card_side: side, card_info: { ...info } };
  if (face && hasPhoto(side)) result.face_region = faceRegionFor(face.width, face.height);
  return result;
}
