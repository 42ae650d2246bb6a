// The page's behaviour: pick, drop or click an image, POST it to /classify, show the class and the ten probabilities.
const drop = document.getElementById('drop');
const file = document.getElementById('file');
const preview = document.getElementById('preview');
const status = document.getElementById('status');
const prediction = document.getElementById('prediction');
const confidence = document.getElementById('confidence');
const bars = document.getElementById('bars');

async function classify(blob, name) {
  preview.src = URL.createObjectURL(blob);
  status.textContent = `Classifying ${name}…`;
  status.className = '';
  const form = new FormData();
  form.append('image', blob, name);
  const response = await fetch('/classify', { method: 'POST', body: form });
  const body = await response.json();
  if (!response.ok) {
    status.textContent = body.detail || body.title || `Error ${response.status}`;
    status.className = 'error';
    prediction.textContent = '';
    confidence.textContent = '';
    bars.replaceChildren();
    return;
  }
  status.textContent = name;
  prediction.textContent = body.class;
  confidence.textContent = `(${(body.probability * 100).toFixed(1)} %)`;
  const names = await classNames();
  bars.replaceChildren(...body.probabilities.map((p, i) => {
    const row = document.createElement('li');
    row.className = i === body.index ? 'top' : '';
    row.innerHTML = '<span class="name"></span><span class="bar"></span><span class="value"></span>';
    row.querySelector('.name').textContent = names[i] ?? i;
    row.querySelector('.bar').style.width = `${Math.max(0.5, p * 100)}%`;
    row.querySelector('.value').textContent = `${(p * 100).toFixed(1)} %`;
    return row;
  }));
}

let names;
async function classNames() {
  if (!names) {
    names = (await (await fetch('/model')).json()).class_names;
  }
  return names;
}

file.addEventListener('change', () => { if (file.files.length) classify(file.files[0], file.files[0].name); });
drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', e => {
  e.preventDefault();
  drop.classList.remove('over');
  if (e.dataTransfer.files.length) classify(e.dataTransfer.files[0], e.dataTransfer.files[0].name);
});

(async () => {
  const examples = await (await fetch('/examples')).json();
  const strip = document.getElementById('examples');
  for (const example of examples) {
    const button = document.createElement('button');
    button.title = `test image ${example.index}: ${example.label}`;
    button.innerHTML = `<img src="${example.url}" alt="test image ${example.index}">`;
    button.addEventListener('click', async () => classify(await (await fetch(example.url)).blob(), `test image ${example.index} (${example.label})`));
    strip.appendChild(button);
  }
})();
