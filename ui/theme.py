"""Look and page script: a theme with system fonts only (the page loads nothing from the internet),
the stylesheet, and a small script that opens a clicked [n] marker in the source viewer."""

from __future__ import annotations

import gradio as gr

SYSTEM_FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace"]


def theme() -> gr.themes.Base:
    return gr.themes.Default(
        primary_hue="blue", secondary_hue="sky", neutral_hue="slate", radius_size="md",
        font=SYSTEM_FONTS, font_mono=MONO_FONTS,
    ).set(
        body_background_fill="#f6f8fb",
        block_border_width="1px",
        button_primary_background_fill="#0077d4",
        button_primary_background_fill_hover="#005fa8",
        button_primary_text_color="#ffffff",
    )


# The page script: one capturing click listener for `button.cite` anywhere (answers, source cards);
# it reads the source key from the `cite-k-<turn>-<n>` class and writes "<turn>:<n>|<time>" into a
# hidden textbox that the server listens to.
HEAD = """
<meta name="referrer" content="no-referrer">
<script>
(() => {
  function openSource(key) {
    const box = document.querySelector('#ua-cite-request textarea, #ua-cite-request input');
    if (!box) return;
    box.value = key + '|' + Date.now();
    box.dispatchEvent(new Event('input', { bubbles: true }));
    box.dispatchEvent(new Event('change', { bubbles: true }));
  }
  async function copyText(text) {
    try { await navigator.clipboard.writeText(text); return true; } catch (e) { /* fall back below */ }
    const area = document.createElement('textarea');
    area.value = text; area.setAttribute('readonly', ''); area.style.position = 'fixed'; area.style.opacity = '0';
    document.body.appendChild(area); area.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }
  document.addEventListener('click', (event) => {
    const copy = event.target instanceof Element ? event.target.closest('button.ua-copy') : null;
    if (copy) {
      event.preventDefault();
      event.stopPropagation();
      const source = copy.parentElement && copy.parentElement.querySelector('.ua-copy-text');
      const text = source ? source.textContent : '';
      window.__uaLastCopy = text;
      copyText(text).then((ok) => {
        copy.textContent = ok ? 'Copied ✓' : 'Select and copy';
        setTimeout(() => { copy.textContent = 'Copy answer'; }, 1800);
      });
      return;
    }
    const target = event.target instanceof Element ? event.target.closest('button.cite') : null;
    if (!target) return;
    const key = [...target.classList].find((c) => c.startsWith('cite-k-'));
    if (!key) return;
    event.preventDefault();
    event.stopPropagation();
    window.__uaWantViewer = Date.now();  // the viewer script brings the viewer on screen when it updates
    openSource(key.slice(7).replace('-', ':'));
  }, true);
})();
</script>
"""

# Runs once for the viewer (gr.HTML js_on_load): whenever its content changes, scroll the document
# box so the cited passage sits near the top, and bring the viewer on screen if it is not.
VIEWER_JS = """
const scroll = () => {
  const passage = element.querySelector('.ua-passage-in-doc');
  const box = element.querySelector('.ua-doc-text');
  if (!passage || !box) return;
  box.scrollTop = Math.max(0, passage.offsetTop - box.offsetTop - 48);
  const r = element.getBoundingClientRect();
  const asked = Date.now() - (window.__uaWantViewer || 0) < 8000;
  // After a marker click, the viewer must be where the reader looks: on a narrow screen it sits below the
  // chat, so it is scrolled to (the top of the viewer, with the cited passage inside it).
  if (asked && (r.top < 0 || r.top > window.innerHeight * 0.6)) {
    element.scrollIntoView({ block: 'start', behavior: 'instant' });
  }
  if (asked) window.__uaWantViewer = 0;
};
new MutationObserver(() => requestAnimationFrame(scroll)).observe(element, { childList: true, subtree: true, characterData: true });
requestAnimationFrame(scroll);
"""

CSS = """
/* Colours come from Gradio's theme variables (light and ?__theme=dark) wherever one fits; the few of our own
   have a .dark twin below. */
.gradio-container { max-width: 1400px !important; margin: 0 auto; width: 100%; }
#ua-header { padding: 6px 2px 2px; }
#ua-header h1 { font-size: 1.45rem; margin: 0; color: var(--body-text-color); letter-spacing: -0.01em; }
#ua-header p { margin: 2px 0 0; color: var(--body-text-color-subdued); font-size: 0.92rem; }
#ua-cite-request { display: none !important; }

/* empty chat: welcome text and example questions */
#ua-chat .placeholder-content { padding: 28px 22px 8px; max-width: 760px; margin: 0 auto; }
#ua-chat .placeholder { color: var(--body-text-color); font-size: 1.02rem; line-height: 1.55; text-align: center; }
#ua-chat .examples { padding: 8px 22px; max-width: 760px; margin: 0 auto; }

/* answers */
button.cite {
  display: inline-block; border: 1px solid #93c5fd; background: #eff6ff; color: #0059a3;
  border-radius: 6px; padding: 0 5px; margin: 0 1px; font-size: 0.78em; font-weight: 600;
  line-height: 1.45; cursor: pointer; vertical-align: super; font-family: inherit;
}
button.cite:hover, button.cite:focus-visible { background: #0077d4; color: #fff; border-color: #0077d4; outline: none; }
.cite-sample { border: 1px solid #93c5fd; background: #eff6ff; color: #0059a3; border-radius: 6px; padding: 0 5px; font-size: 0.85em; }
.ua-refusal { border-left: 4px solid #d97706; background: #fffbeb; color: #1f2937; padding: 8px 12px; border-radius: 6px; }
.ua-notice { color: var(--body-text-color-subdued); font-size: 0.88em; margin-bottom: 6px; }
.ua-notice::before { content: "ℹ️ "; }
/* any script (docs/languages.md): each paragraph of a message, and the question box, takes the direction of its
   own first letter (the CSS form of dir="auto"): Arabic and Hebrew read right-to-left, English stays left-to-right */
#ua-chat .message-content, #ua-chat .message-content p, #ua-question textarea { unicode-bidi: plaintext; text-align: start; }
.ua-warn { color: #92400e; font-size: 0.88em; margin-top: 8px; }
.ua-error { border-left: 4px solid #dc2626; background: #fef2f2; color: #1f2937; padding: 8px 12px; border-radius: 6px; }
.ua-unsupported { text-decoration: underline wavy #dc2626; text-underline-offset: 3px; }
.ua-unsupported::after { content: " ⚠"; color: #dc2626; font-size: 0.85em; }
.cursor { color: #0077d4; animation: ua-blink 1s steps(2) infinite; }
@keyframes ua-blink { 50% { opacity: 0; } }
.ua-actions { margin-top: 6px; }
button.ua-copy {
  border: 1px solid var(--border-color-primary); background: var(--background-fill-secondary);
  color: var(--body-text-color-subdued); border-radius: 6px; padding: 1px 8px; font-size: 0.8em; cursor: pointer;
}
button.ua-copy:hover { color: var(--body-text-color); border-color: #0077d4; }
.ua-copy-text { display: none !important; }

/* source cards in the collapsible panel */
.ua-src { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px; margin: 6px 0;
  background: var(--block-background-fill); }
.ua-src-head { margin-bottom: 4px; }
.ua-section, .ua-id { color: var(--body-text-color-subdued); font-size: 0.85em; }
.ua-passage { font-size: 0.92em; line-height: 1.5; color: var(--body-text-color); }
.ua-id code { user-select: all; font-size: 0.95em; }
/* where a document comes from (core.provenance.origin_label): the library quietly, an upload so it stands out */
.ua-origin { display: inline-block; font-size: 0.75em; font-weight: 600; border-radius: 999px; padding: 0 7px;
  margin: 0 2px; vertical-align: 1px; white-space: nowrap; border: 1px solid; }
.ua-origin-library { color: #1e3a8a; background: #eff6ff; border-color: #bfdbfe; }
.ua-origin-upload { color: #7c2d12; background: #fff7ed; border-color: #fdba74; }
mark { background: #fde68a; color: #111827; padding: 0 1px; border-radius: 2px; }

/* source viewer */
#ua-viewer-col { position: sticky; top: 8px; align-self: flex-start; }
.ua-viewer { border: 1px solid var(--border-color-primary); border-radius: 10px; background: var(--block-background-fill);
  color: var(--body-text-color); overflow: hidden; }
.ua-viewer-empty { padding: 14px 16px; color: var(--body-text-color-subdued); font-size: 0.93em; }
.ua-viewer-head { padding: 10px 14px; border-bottom: 1px solid var(--border-color-primary); background: var(--background-fill-secondary); }
.ua-viewer-label { color: #0077d4; font-weight: 600; font-size: 0.8em; text-transform: uppercase; letter-spacing: .04em; }
.ua-viewer-title { font-weight: 650; font-size: 1.05em; color: var(--body-text-color); }
.ua-viewer-meta { color: var(--body-text-color-subdued); font-size: 0.85em; }
.ua-doc-text {
  white-space: pre-wrap; max-height: 560px; overflow-y: auto; padding: 12px 16px; font-size: 0.93em;
  line-height: 1.6; color: var(--body-text-color-subdued); font-family: Georgia, "Times New Roman", serif;
}
.ua-passage-in-doc { color: #0f172a; background: #e0f2fe; box-shadow: -6px 0 0 #e0f2fe, 6px 0 0 #e0f2fe; }
.ua-omitted, .ua-viewer-note { color: #94a3b8; font-style: italic; font-family: system-ui, sans-serif; }

/* lookup */
.ua-hit { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px; margin: 8px 0;
  background: var(--block-background-fill); color: var(--body-text-color); }
.ua-rank { color: #0077d4; font-weight: 700; }
.ua-score { float: right; color: var(--body-text-color-subdued); font-size: 0.85em; }
.ua-hit-context { margin: 6px 0; line-height: 1.55; white-space: pre-wrap; }
.ua-lookup-none { padding: 10px 12px; border-left: 4px solid #d97706; background: #fffbeb; color: #1f2937; border-radius: 6px; }
.ua-status-ok { padding: 8px 12px; border-left: 4px solid #16a34a; background: #f0fdf4; color: #14532d; border-radius: 6px; }
.ua-muted { color: var(--body-text-color-subdued); font-size: 0.9em; }

/* corpus table: whole words in headers, the full width of the page */
#ua-docs { width: 100%; }
#ua-docs th, #ua-docs th * { word-break: keep-all; overflow-wrap: normal; hyphens: none; }
#ua-docs td { word-break: normal; overflow-wrap: anywhere; }

/* evals: per-question drill-down */
.ua-case { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 14px;
  background: var(--block-background-fill); color: var(--body-text-color); }
.ua-case h4 { margin: 10px 0 4px; font-size: 0.95em; }
.ua-case ul { margin: 2px 0 6px 18px; }
.ua-pass { color: #15803d; font-weight: 650; }
.ua-fail { color: #b91c1c; font-weight: 650; }
.ua-na { color: var(--body-text-color-subdued); }
.ua-metrics td, .ua-metrics th { padding: 2px 10px 2px 0; text-align: left; }

/* dark mode: our own colours' twins */
.dark button.cite, .dark .cite-sample { background: #0c2d4d; color: #bfdbfe; border-color: #3b82f6; }
.dark button.cite:hover, .dark button.cite:focus-visible { background: #2563eb; color: #fff; }
.dark .ua-refusal, .dark .ua-lookup-none { background: #3a2a0a; color: #fde9c4; }
.dark .ua-error { background: #3b1111; color: #fecaca; }
.dark .ua-status-ok { background: #0f2e1a; color: #bbf7d0; }
.dark .ua-warn { color: #fcd34d; }
.dark mark { background: #a16207; color: #fffbeb; }
.dark .ua-passage-in-doc { color: #f1f5f9; background: #0c3a5c; box-shadow: -6px 0 0 #0c3a5c, 6px 0 0 #0c3a5c; }
.dark .ua-viewer-label, .dark .ua-rank { color: #60a5fa; }
.dark .ua-pass { color: #4ade80; }
.dark .ua-fail { color: #f87171; }
.dark .ua-origin-library { color: #bfdbfe; background: #0c2d4d; border-color: #1d4ed8; }
.dark .ua-origin-upload { color: #fed7aa; background: #431407; border-color: #c2410c; }

/* narrow screens (phones): the viewer follows the chat in the page flow, a shorter document box */
@media (max-width: 760px) {
  #ua-viewer-col { position: static; }
  .ua-doc-text { max-height: 55vh; }
  #ua-chat { height: 70vh !important; }
}
"""
