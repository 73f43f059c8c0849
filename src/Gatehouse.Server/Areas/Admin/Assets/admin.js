// Gatehouse admin console: progressive enhancement only (every action works without script).
// Copy buttons: <button data-copy="element-id"> copies that element's text (or an input's value).
document.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-copy]');
  if (!button) return;
  const target = document.getElementById(button.dataset.copy);
  if (!target) return;
  const text = 'value' in target ? target.value : target.textContent.trim();
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    // No clipboard access (insecure context, permission): select the text so the user can copy it.
    const range = document.createRange();
    range.selectNodeContents(target);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    button.textContent = 'Press Ctrl+C';
  }
  setTimeout(() => { button.textContent = label; }, 1500);
});

// The access step of the create wizard: the group list matters only for "Limit access to selected groups".
document.addEventListener('change', (event) => {
  if (event.target.name !== 'Input.Access') return;
  const groups = document.getElementById('access-groups');
  if (groups) groups.hidden = event.target.value !== 'groups';
});
