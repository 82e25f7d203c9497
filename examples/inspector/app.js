// The inspector page's only script: it keeps the list of captured requests live (a long
// poll: the server answers when something changes) and submits the forms without reloading
// the page. No framework, no build step. Every fragment it swaps in was rendered and
// escaped by the server.
'use strict';

const token = document.querySelector('meta[name="inspector-token"]').content;
const list = document.getElementById('requests');
const live = document.getElementById('live');

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Swaps in a new list, keeping each capture open or closed as the user left it.
function showRequests(html) {
  const open = new Map();
  for (const item of list.querySelectorAll('details.capture')) {
    open.set(item.id, item.open);
  }
  list.innerHTML = html;
  for (const item of list.querySelectorAll('details.capture')) {
    if (open.has(item.id)) {
      item.open = open.get(item.id);
    }
  }
}

async function follow() {
  for (;;) {
    try {
      const response = await fetch('/requests?after=' + encodeURIComponent(list.dataset.version), {
        headers: { 'x-inspector': token },
        cache: 'no-store',
      });
      if (response.status === 200) {
        list.dataset.version = response.headers.get('x-version');
        showRequests(await response.text());
      } else if (response.status !== 204) {
        throw new Error('status ' + response.status);
      }
      live.className = 'live';
    } catch (err) {
      // The inspector stopped or restarted: say so, and try again shortly.
      live.className = 'live off';
      await sleep(1000);
    }
  }
}

document.addEventListener('submit', async (event) => {
  const form = event.target;
  const target = form.dataset.target;
  if (!target) {
    return;
  }
  event.preventDefault();
  const button = form.querySelector('button[type="submit"]');
  if (button) {
    button.disabled = true;
  }
  form.classList.add('busy');
  try {
    const response = await fetch(form.action, {
      method: 'POST',
      headers: { 'x-inspector': token },
      body: new URLSearchParams(new FormData(form)),
    });
    const html = await response.text();
    if (target !== 'none') {
      document.getElementById(target).innerHTML = html;
    }
  } finally {
    form.classList.remove('busy');
    if (button) {
      button.disabled = false;
    }
  }
});

follow();
