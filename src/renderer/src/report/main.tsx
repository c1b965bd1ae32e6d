// Entry of an exported report (built by report.vite.config.mts into one script): reads the snapshot
// the core embedded in the page and shows it with the app's own pages.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SNAPSHOT_ELEMENT_ID, unpackSnapshot, type ReportSnapshot } from '../../../shared/report';
import '../styles/app.css';
import './report.css';
import { preparePrinting } from './print';
import { ReportApp } from './ReportApp';

function show(snapshot: ReportSnapshot): void {
  if (!snapshot.pages.some((p) => p.hash === window.location.hash)) window.location.hash = snapshot.pages[0].hash;
  preparePrinting();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ReportApp snapshot={snapshot} />
    </StrictMode>,
  );
}

void unpackSnapshot(document.getElementById(SNAPSHOT_ELEMENT_ID)!.textContent!).then(show, (err: unknown) => {
  // A browser without DecompressionStream (before 2023) or a damaged file: say so rather than show nothing.
  document.getElementById('root')!.textContent = `This report could not be read: ${String(err)}`;
});
