// Printing (and "Save as PDF"): a canvas is redrawn when the page is laid out for paper, possibly
// after the browser took its picture, so each flame graph is printed from an image of what was on
// screen, taken just before printing.
const PRINT_IMAGE_CLASS = 'print-image';

function snapshotCanvases(): void {
  for (const canvas of document.querySelectorAll<HTMLCanvasElement>('canvas.flame-canvas')) {
    let img = canvas.nextElementSibling;
    if (!(img instanceof HTMLImageElement) || !img.classList.contains(PRINT_IMAGE_CLASS)) {
      img = document.createElement('img');
      (img as HTMLImageElement).className = PRINT_IMAGE_CLASS;
      (img as HTMLImageElement).alt = 'flame graph';
      canvas.after(img);
    }
    (img as HTMLImageElement).src = canvas.toDataURL('image/png');
  }
}

function dropImages(): void {
  for (const img of document.querySelectorAll(`img.${PRINT_IMAGE_CLASS}`)) img.remove();
}

export function preparePrinting(): void {
  window.addEventListener('beforeprint', snapshotCanvases);
  window.addEventListener('afterprint', dropImages);
}
