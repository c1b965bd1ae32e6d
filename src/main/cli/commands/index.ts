// Every gmpw subcommand, in the order `gmpw --help` lists them.
import type { CliCommand } from '../types';
import { compare } from './compare';
import { exportBenchCommand } from './export-bench';
import { cutTraceCommand } from './cut-trace';
import { exportPerfettoCommand } from './export-perfetto';
import { fetchCommand } from './fetch';
import { hosts } from './hosts';
import { importCommand } from './import';
import { list } from './list';
import { reportCommand } from './report';
import { rm } from './rm';
import { run } from './run';
import { scenarios } from './scenarios';
import { SERVE_HELP, SERVE_OPTIONS, serveCommand } from './serve';
import { show } from './show';
import { trend } from './trend';

/** Browser mode parses its own options: none of the common ones but --data-dir and --help. */
const serve: CliCommand = { name: 'serve', summary: 'serve the workbench UI on 127.0.0.1 (browser mode)', help: SERVE_HELP, options: SERVE_OPTIONS, run: (argv) => serveCommand(argv) };

export const cliCommands: CliCommand[] = [run, scenarios, list, show, trend, compare, exportBenchCommand, exportPerfettoCommand, cutTraceCommand, reportCommand, importCommand, fetchCommand, rm, hosts, serve];
