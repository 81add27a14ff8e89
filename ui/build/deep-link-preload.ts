import type { Plugin } from 'vite';

/** The placeholder in index.html's inline script that the build fills with chunk URLs per view. */
const PLACEHOLDER = '/*deep-link-chunks*/ {}';

/**
 * A shared link straight to a lazily loaded view (/traces/<id>, /map) would load the app bundle,
 * render, and only then request the view's chunk — one more round trip after the bundle, and on
 * the single-threaded collector it queues behind the trace API's answer. This writes, per view,
 * the chunk files (and their CSS) into index.html's inline script, which preloads them on
 * matching paths while the bundle is still downloading.
 *
 * `views` maps a view name used by the inline script to the source files of its lazy imports.
 */
export function deepLinkPreload(views: Record<string, string[]>): Plugin {
  return {
    name: 'sightline-deep-link-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!html.includes(PLACEHOLDER)) throw new Error(`index.html lost the ${PLACEHOLDER} placeholder of the deep-link preload script`);
        const chunks = Object.values(ctx.bundle ?? {}).filter((output) => output.type === 'chunk');
        const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
        const files: Record<string, string[]> = {};
        for (const [view, sources] of Object.entries(views)) {
          const list = new Set<string>();
          const visit = (fileName: string) => {
            const current = byFile.get(fileName);
            // The entry chunk is already loading from its own <script> tag.
            if (!current || current.isEntry || list.has(`/${fileName}`)) return;
            list.add(`/${fileName}`);
            for (const css of current.viteMetadata?.importedCss ?? []) list.add(`/${css}`);
            for (const imported of current.imports) visit(imported);
          };
          for (const source of sources) {
            const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(source));
            if (!chunk) throw new Error(`deep-link preload: no chunk built from ${source}`);
            visit(chunk.fileName);
          }
          files[view] = [...list];
        }
        return html.replace(PLACEHOLDER, JSON.stringify(files));
      },
    },
  };
}
