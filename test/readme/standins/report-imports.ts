// Before the README's start-up report fragment: what it uses without importing it.
import { writeFile } from 'node:fs/promises';
import { renderReportSvg, renderReportText } from 'readygraph';
