// Benchmark: time from an edit to its findings on screen, on a generated 500-host tree, in real
// Chromium. Prints figures; asserts nothing (timings depend on the machine).
//   node scripts/bench-edit.mjs [hosts]     (after `npm run build`; $CHROMIUM as for the tests;
//   BENCH_PHASES=1 also prints the main-thread time of each part of the page per edit)
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const HOSTS = Number(process.argv[2] ?? 500);
const EDITS = 7;

// 3 masters (each also a ZooKeeper server) and HOSTS - 3 agents, the shape of a real cluster.
function tree(hosts) {
  const files = {};
  const masters = ["master1", "master2", "master3"];
  const zk = `zk://${masters.map((m) => `${m}:2181`).join(",")}/mesos\n`;
  masters.forEach((m, i) => {
    files[`${m}/etc/mesos/zk`] = zk;
    files[`${m}/etc/mesos-master/quorum`] = "2\n";
    files[`${m}/etc/mesos-master/work_dir`] = "/var/lib/mesos\n";
    files[`${m}/etc/zookeeper/conf/myid`] = `${i + 1}\n`;
    files[`${m}/etc/zookeeper/conf/zoo.cfg`] = [
      "tickTime=2000", "dataDir=/var/lib/zookeeper", "clientPort=2181", "initLimit=10", "syncLimit=5",
      ...masters.map((h, j) => `server.${j + 1}=${h}:2888:3888`), "",
    ].join("\n");
  });
  for (let i = 1; i <= hosts - masters.length; i++) {
    const a = `agent${i}`;
    files[`${a}/etc/mesos/zk`] = zk;
    files[`${a}/etc/mesos-slave/work_dir`] = "/var/lib/mesos\n";
    files[`${a}/etc/mesos-slave/containerizers`] = "docker,mesos\n";
    files[`${a}/etc/mesos-slave/attributes`] = `rack:r${i % 20}\n`;
  }
  return files;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await serve(0);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.__mesoslint?.ready === true);
  const files = tree(HOSTS);
  const t0 = Date.now();
  await page.evaluate((f) => window.__mesoslint.load(f), files);
  await page.waitForFunction(() => window.__mesoslint.runs > 0);
  console.log(`${HOSTS} hosts, ${Object.keys(files).length} files: first check shown ${Date.now() - t0} ms after loading`);
  await page.click('[data-file="master1/etc/mesos-master/quorum"]');
  const latencies = [];
  const engine = [];
  const roundTrip = [];
  const drawing = [];
  for (let i = 0; i < EDITS; i++) {
    const runs = await page.evaluate(() => window.__mesoslint.runs);
    await page.click(".cm-content");
    await page.keyboard.press("Control+a");
    // Alternate a bad quorum (a finding) and the right one (none): the findings change each time.
    await page.keyboard.type(i % 2 === 0 ? "5" : "2");
    await page.waitForFunction((n) => window.__mesoslint.runs > n, runs);
    const m = await page.evaluate(() => window.__mesoslint);
    latencies.push(m.shownAt - m.editAt - m.debounceMs);
    engine.push(m.lintMs);
    roundTrip.push(m.repliedAt - m.askedAt);
    drawing.push(m.shownAt - m.repliedAt);
    if (process.env.BENCH_PHASES) console.log(JSON.stringify(m.phases));
  }
  console.log(`edit -> findings on screen, after the ${await page.evaluate(() => window.__mesoslint.debounceMs)} ms debounce: median ${median(latencies).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms (${EDITS} edits)`);
  console.log(`engine time per check in the worker: median ${median(engine).toFixed(0)} ms; round trip to the worker ${median(roundTrip).toFixed(0)} ms; drawing ${median(drawing).toFixed(0)} ms`);
} finally {
  await browser.close();
  server.close();
}
