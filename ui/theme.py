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
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('button.cite') : null;
    if (!target) return;
    const key = [...target.classList].find((c) => c.startsWith('cite-k-'));
    if (!key) return;
    event.preventDefault();
    event.stopPropagation();
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
  if (r.bottom < 0 || r.top > window.innerHeight) element.scrollIntoView({ block: 'start' });
};
new MutationObserver(() => requestAnimationFrame(scroll)).observe(element, { childList: true, subtree: true, characterData: true });
requestAnimationFrame(scroll);
"""

CSS = """
.gradio-container { max-width: 1400px !important; margin: 0 auto; }
#ua-header { padding: 6px 2px 2px; }
#ua-header h1 { font-size: 1.45rem; margin: 0; color: #0b2545; letter-spacing: -0.01em; }
#ua-header p { margin: 2px 0 0; color: #475569; font-size: 0.92rem; }
#ua-cite-request { display: none !important; }

/* empty chat: welcome text and example questions */
#ua-chat .placeholder-content { padding: 28px 22px 8px; max-width: 760px; margin: 0 auto; }
#ua-chat .placeholder { color: #334155; font-size: 1.02rem; line-height: 1.55; text-align: center; }
#ua-chat .examples { padding: 8px 22px; max-width: 760px; margin: 0 auto; }
#ua-chat .example { border-color: #cfe0f5; background: #f8fbff; }
#ua-chat .example:hover { border-color: #0077d4; background: #eff6ff; }

/* answers */
button.cite {
  display: inline-block; border: 1px solid #93c5fd; background: #eff6ff; color: #0059a3;
  border-radius: 6px; padding: 0 5px; margin: 0 1px; font-size: 0.78em; font-weight: 600;
  line-height: 1.45; cursor: pointer; vertical-align: super; font-family: inherit;
}
button.cite:hover, button.cite:focus-visible { background: #0077d4; color: #fff; border-color: #0077d4; outline: none; }
.cite-sample { border: 1px solid #93c5fd; background: #eff6ff; color: #0059a3; border-radius: 6px; padding: 0 5px; font-size: 0.85em; }
.ua-refusal { border-left: 4px solid #d97706; background: #fffbeb; padding: 8px 12px; border-radius: 6px; }
.ua-notice { color: #475569; font-size: 0.88em; margin-bottom: 6px; }
.ua-warn { color: #92400e; font-size: 0.88em; margin-top: 8px; }
.ua-error { border-left: 4px solid #dc2626; background: #fef2f2; padding: 8px 12px; border-radius: 6px; }
.ua-unsupported { text-decoration: underline wavy #dc2626; text-underline-offset: 3px; }
.ua-unsupported::after { content: " ⚠"; color: #dc2626; font-size: 0.85em; }
.cursor { color: #0077d4; animation: ua-blink 1s steps(2) infinite; }
@keyframes ua-blink { 50% { opacity: 0; } }

/* source cards in the collapsible panel */
.ua-src { border: 1px solid #e2e8f0; border-radius: 8px; padding: 8px 10px; margin: 6px 0; background: #fff; }
.ua-src-head { margin-bottom: 4px; }
.ua-section, .ua-id { color: #64748b; font-size: 0.85em; }
.ua-passage { font-size: 0.92em; line-height: 1.5; color: #1e293b; }
.ua-id code { user-select: all; font-size: 0.95em; }
mark { background: #fde68a; color: inherit; padding: 0 1px; border-radius: 2px; }

/* source viewer */
#ua-viewer-col { position: sticky; top: 8px; align-self: flex-start; }
.ua-viewer { border: 1px solid #dbe3ee; border-radius: 10px; background: #fff; overflow: hidden; }
.ua-viewer-empty { padding: 14px 16px; color: #475569; font-size: 0.93em; }
.ua-viewer-head { padding: 10px 14px; border-bottom: 1px solid #e2e8f0; background: #f8fafc; }
.ua-viewer-label { color: #0077d4; font-weight: 600; font-size: 0.8em; text-transform: uppercase; letter-spacing: .04em; }
.ua-viewer-title { font-weight: 650; font-size: 1.05em; color: #0b2545; }
.ua-viewer-meta { color: #64748b; font-size: 0.85em; }
.ua-doc-text {
  white-space: pre-wrap; max-height: 560px; overflow-y: auto; padding: 12px 16px; font-size: 0.93em;
  line-height: 1.6; color: #475569; font-family: Georgia, "Times New Roman", serif;
}
.ua-passage-in-doc { color: #0f172a; background: #e0f2fe; box-shadow: -6px 0 0 #e0f2fe, 6px 0 0 #e0f2fe; }
.ua-omitted, .ua-viewer-note { color: #94a3b8; font-style: italic; font-family: system-ui, sans-serif; }

/* lookup */
.ua-hit { border: 1px solid #e2e8f0; border-radius: 8px; padding: 10px 12px; margin: 8px 0; background: #fff; }
.ua-rank { color: #0077d4; font-weight: 700; }
.ua-score { float: right; color: #64748b; font-size: 0.85em; }
.ua-hit-context { margin: 6px 0; line-height: 1.55; white-space: pre-wrap; }
.ua-lookup-none { padding: 10px 12px; border-left: 4px solid #d97706; background: #fffbeb; border-radius: 6px; }
.ua-muted { color: #64748b; font-size: 0.9em; }
"""
