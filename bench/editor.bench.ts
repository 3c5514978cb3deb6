// The editor's interactive paths through the real engine process (JSON-RPC, as the panels use them), on the demo
// world (untrained demo-architecture models until demo/models exists):
// - gallery layer switch (stitch/layerSwitch, warm reconstructor, 8 validation tiles, PNGs back) vs. a cold switch
//   that opens the reconstructor for every layer (what the gallery would cost without warm sessions), same run;
// - paint panel repaint (paint/repaint: mask PNG in, decoded, painted, PNG out) vs. the in-process Painter.paint on
//   the same mask (the engine's own cost), same run. Targets: ≤ 150 ms per layer switch, ≤ 100 ms per repaint.
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { EngineClient } from '../src/extension/engine/client';
import { PaintOpenRequest, PaintRepaintRequest } from '../src/protocol/paint';
import { StitchLayerSwitchRequest } from '../src/protocol/stitch';
import { openSource } from '../src/engine/image-sources/index';
import { openReconstructor } from '../src/engine/stitch/reconstruct';
import { readRun } from '../src/engine/stitch/run-folder';
import { loadStitchSetup } from '../src/engine/stitch/setup';
import { openPainting } from '../src/engine/paint/session';
import { randomMask } from '../src/engine/paint/random-masks';
import { colorsOf, encodeRgbPng, indexMask, decodeRgb } from '../src/engine/paint/mask';
import { benchWorkspace } from './gallery/workspace';
import { WarmReconstructors } from '../src/engine/server/features/warm-reconstructors';
import { openSession } from '../src/engine/runtime/session';
import { readModel } from '../src/engine/onnx/io';
import { generatorFeeds, planGeneratorInputs } from '../src/engine/generator/feeds';
import { SeededRandom } from '../src/engine/util/random';
import { existsSync, readFileSync } from 'node:fs';
import { HelloRequest, PROTOCOL_VERSION, SetTrustRequest } from '../src/protocol/engine';
import { launchChromium } from '../test/webview/browser';
import { openGalleryPage } from './gallery/webview-path';
import type { BenchWorkspace } from './gallery/workspace';

const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;

/** dist/engine.js when built (what the extension runs), else the sources through tsx (slower to start). */
function engineLaunch(): { command: string; args: string[]; what: string } {
  const dist = resolve(__dirname, '../dist/engine.js');
  return existsSync(dist)
    ? { command: process.execPath, args: [dist], what: 'dist/engine.js' }
    : { command: process.execPath, args: ['--import', 'tsx', resolve(__dirname, '../src/engine/server/main.ts')], what: 'src/engine through tsx' };
}

/** Peak resident set of a process (VmHWM), MB; undefined off Linux. */
function peakRssMb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function webviewPath(ws: BenchWorkspace): Promise<void> {
  const TILES = 4;
  const SWITCHES = 20;
  const launch = engineLaunch();
  const layers = ws.runs.map((r) => ({ layer: r.layer, run: r.dir }));
  const browser = await launchChromium();
  const t0 = performance.now();
  const client = new EngineClient({ launch, onLog: () => undefined, onCrash: (m) => console.error(m) });
  try {
    // First reconstruction after opening, fresh engine process: start, trust (as the host does), open the gallery, first tiles decoded.
    await client.request(SetTrustRequest, { trusted: true });
    const first = await openGalleryPage(browser, client, layers, TILES);
    const freshMs = performance.now() - t0;
    const { pid } = await client.request(HelloRequest, { protocolVersion: PROTOCOL_VERSION });
    // Warm every layer (the sessions the engine keeps per config), then switch through the slider round-robin.
    for (let i = 1; i < layers.length; i++) await first.switchTo(i);
    first.engineMs.length = 0;
    const viaWebview: number[] = [];
    const untilResult: number[] = [];
    for (let k = 0; k < SWITCHES; k++) {
      const s = await first.switchTo((k + 1) % layers.length);
      viaWebview.push(s.ms);
      untilResult.push(s.resultMs);
    }
    // Reference in the same run: the engine round trip alone for the same switches.
    const engineTrip: number[] = [];
    for (let k = 0; k < SWITCHES; k++) {
      const t = performance.now();
      await client.request(StitchLayerSwitchRequest, { run: layers[(k + 1) % layers.length]!.run, count: TILES, seed: 0 });
      engineTrip.push(performance.now() - t);
    }
    await first.close();
    // Reopened gallery on the same config: the engine's warm sessions are kept, only the page is new.
    const reopened = await openGalleryPage(browser, client, layers, TILES);
    await reopened.close();
    const engineRss = peakRssMb(pid);
    console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; engine ${launch.what}`);
    console.log(
      `gallery layer switch through the webview (${TILES} tiles, ${layers.length} layers, median of ${SWITCHES}): ${med(viaWebview).toFixed(1)} ms ` +
        `(p90 ${p90(viaWebview).toFixed(1)}; target ≤ 150 ms; ${med(untilResult).toFixed(1)} ms until the result message reaches the page, the rest is render and decode; the engine request inside that ${med(first.engineMs).toFixed(1)} ms). Engine round trip alone ${med(engineTrip).toFixed(1)} ms; webview/engine ratio ${(med(viaWebview) / med(engineTrip)).toFixed(2)}.`,
    );
    console.log(
      `first reconstruction after opening: fresh engine ${freshMs.toFixed(0)} ms (process start + gallery page + first switch), ` +
        `reopened with warm sessions ${reopened.firstTilesMs.toFixed(0)} ms (target ≤ 1000 ms); fresh/warm ratio ${(freshMs / reopened.firstTilesMs).toFixed(1)}.`,
    );
    console.log(`peak RSS: bench process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, engine ${engineRss?.toFixed(0) ?? '?'} MB`);
  } finally {
    client.dispose();
    await browser.close();
  }
}

async function main(): Promise<void> {
  const ws = await benchWorkspace();
  if (process.env.GANLENS_BENCH_ONLY === 'webview') return webviewPath(ws);
  const counts = [4, 8];
  console.log(`workspace ${ws.config.file} (${ws.trained ? 'trained demo models' : 'untrained demo-architecture models'}), layers ${ws.runs.map((r) => r.layer).join(', ')}`);
  const client = new EngineClient({
    launch: { command: process.execPath, args: ['--import', 'tsx', resolve(__dirname, '../src/engine/server/main.ts')] },
    onLog: () => undefined,
    onCrash: (m) => console.error(m),
    initialize: async (c) => {
      await c.request(SetTrustRequest, { trusted: true });
    },
  });
  try {
    for (const images of counts) {
    // Gallery: warm every layer once, then switch round-robin.
    for (const r of ws.runs) await client.request(StitchLayerSwitchRequest, { run: r.dir, count: images, seed: 0 });
    const engineMs: number[] = [];
    const tripMs: number[] = [];
    for (let round = 0; round < 4; round++) {
      for (const r of ws.runs) {
        const t = performance.now();
        const res = await client.request(StitchLayerSwitchRequest, { run: r.dir, count: images, seed: round });
        tripMs.push(performance.now() - t);
        engineMs.push(res.ms);
      }
    }
    // Reference: a cold switch (open the composed session, then reconstruct), in-process.
    const source = openSource(ws.config.data.val, ws.config.extractor.inputSize);
    const batch = await source.batch(Array.from({ length: images }, (_, i) => i));
    const coldMs: number[] = [];
    for (const r of ws.runs) {
      const t = performance.now();
      const run = readRun(r.dir);
      const setup = await loadStitchSetup(run.config, { from: run.pair.from, to: run.pair.to });
      const rec = await openReconstructor({ setup, weight: run.weight, bias: run.bias });
      await rec.reconstruct(batch, 0);
      coldMs.push(performance.now() - t);
    }
    // Reference 2: the whole generator from latents for the same batch (the floor of any GAN reconstruction).
    const gen = await openSession(readModel(ws.config.generator.model));
    const plans = planGeneratorInputs(gen.inputNames, '', (await loadStitchSetup(ws.config, ws.config.pairs[0]!)).generatorAnalysis.summary.inputs, ws.config.generator, ws.config.generator.model);
    const feeds = generatorFeeds(plans, images, new SeededRandom(1), ws.config.generator.noise.mode);
    await gen.run(feeds);
    const genMs: number[] = [];
    for (let k = 0; k < 8; k++) {
      const t = performance.now();
      await gen.run(feeds);
      genMs.push(performance.now() - t);
    }
    // Load-independent view: CPU time (user + system, all threads) of the same warm switch, in this process.
    const warmHere = new WarmReconstructors(() => 'cpu');
    for (const r of ws.runs) await warmHere.reconstruct(r.dir, { count: images }, 0);
    const cpuMs: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (const r of ws.runs) {
        const c0 = process.cpuUsage();
        await warmHere.reconstruct(r.dir, { count: images }, round + 1);
        const c = process.cpuUsage(c0);
        cpuMs.push((c.user + c.system) / 1000);
      }
    }
    console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on this machine while measuring`);
    console.log(
      `gallery layer switch (${images} tiles of ${ws.config.extractor.inputSize.join('×')}): ${med(tripMs).toFixed(1)} ms median round trip ` +
        `(p90 ${p90(tripMs).toFixed(1)}; ${med(engineMs).toFixed(1)} ms inside the engine; target ≤ 150 ms). ` +
        `Cold switch (open + reconstruct) ${med(coldMs).toFixed(1)} ms; warm/cold ratio ${(med(tripMs) / med(coldMs)).toFixed(2)}. ` +
        `Full generator forward for the same batch ${med(genMs).toFixed(1)} ms; switch/generator ratio ${(med(tripMs) / med(genMs)).toFixed(2)}. ` +
        `CPU time per warm switch ${med(cpuMs).toFixed(1)} ms (all threads; the wall time an idle single core would need).`,
    );
    }

    // Paint panel path.
    const opened = await client.request(PaintOpenRequest, { config: ws.config.file });
    const [h, w] = opened.maskSize;
    const painting = await openPainting({
      config: ws.config,
      palette: { library: opened.library, keep: opened.keepColor, colors: opened.palette.map((p) => ({ color: p.color, vector: p.vector })) },
    });
    const masks = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const m = randomMask(h, w, opened.palette.length, (['blobs', 'stripes', 'regions'] as const)[i % 3]!, i);
        return (await encodeRgbPng(colorsOf(m, painting.palette), h, w)).toString('base64');
      }),
    );
    await client.request(PaintRepaintRequest, { sessionId: opened.sessionId, mask: masks[0]!, seed: 3 });
    const repaintTrip: number[] = [];
    const repaintEngine: number[] = [];
    for (let k = 0; k < 24; k++) {
      const t = performance.now();
      const r = await client.request(PaintRepaintRequest, { sessionId: opened.sessionId, mask: masks[k % masks.length]!, seed: 3 });
      repaintTrip.push(performance.now() - t);
      repaintEngine.push(r.ms);
    }
    const direct: number[] = [];
    const decoded = await Promise.all(masks.map(async (m) => indexMask(await decodeRgb(Buffer.from(m, 'base64')), painting.palette)));
    await painting.paint(decoded[0]!, { seed: 3 });
    for (let k = 0; k < 24; k++) {
      const t = performance.now();
      await painting.paint(decoded[k % decoded.length]!, { seed: 3 });
      direct.push(performance.now() - t);
    }
    console.log(
      `paint panel repaint (mask ${h}×${w} → ${opened.imageSize.join('×')} image): ${med(repaintTrip).toFixed(1)} ms median round trip ` +
        `(p90 ${p90(repaintTrip).toFixed(1)}; ${med(repaintEngine).toFixed(1)} ms inside the engine; target ≤ 100 ms). ` +
        `In-process paint ${med(direct).toFixed(1)} ms; panel/in-process ratio ${(med(repaintTrip) / med(direct)).toFixed(2)}.`,
    );
  } finally {
    client.dispose();
  }
  await webviewPath(ws);
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
