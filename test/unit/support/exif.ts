/**
 * A phone photo as the tests need one: a JPEG with an EXIF orientation, assembled here (canvas
 * JPEGs carry none).
 */

/**
 * `jpeg` with an APP1 "Exif" segment right after its SOI marker, where cameras write it:
 * big-endian TIFF, one IFD entry, Orientation (0x0112), SHORT, 1, `orientation`.
 *
 * The bytes are joined into one buffer before the File is made. A File made of parts whose first
 * part is the 2-byte SOI alone fails to decode in Firefox ESR's `createImageBitmap()`
 * (InvalidStateError; `<img>` and a one-part Blob of the same bytes decode), which a picked file,
 * read from disk in one piece, never meets.
 */
export function jpegWithOrientation(jpeg: Uint8Array, orientation: number, name = 'IMG_0001.jpg'): File {
  // prettier-ignore
  const exif = [
    0xff, 0xe1, 0x00, 0x22, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00, // APP1, 34 bytes, "Exif\0\0"
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF, first IFD at 8
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00, // Orientation
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ];
  const bytes = new Uint8Array(jpeg.length + exif.length);
  bytes.set(jpeg.subarray(0, 2));
  bytes.set(exif, 2);
  bytes.set(jpeg.subarray(2), 2 + exif.length);
  return new File([bytes], name, { type: 'image/jpeg' });
}
