/**
 * Minifies the widget's `css` tagged templates in the library builds (minify-literals): the
 * stylesheet is part of what loads before the first capture, and a bundler's JavaScript minifier
 * leaves a template's text as written. HTML templates are left alone: their whitespace between
 * inline elements is layout, and the tests and screenshots run the source as written.
 */
import { defaultShouldMinifyCSS, minifyHTMLLiterals } from 'minify-literals';
import type { Plugin } from 'vite';

export function minifyCss(): Plugin {
  return {
    name: 'dni-capture:minify-css',
    apply: 'build',
    async transform(code, id) {
      if (!/\/src\/[^?]*\.ts$/.test(id) || !code.includes('css`')) return null;
      const result = await minifyHTMLLiterals(code, {
        fileName: id,
        shouldMinify: () => false,
        shouldMinifyCSS: defaultShouldMinifyCSS,
      });
      return result ? { code: result.code, map: result.map?.toString() ?? null } : null;
    },
  };
}
