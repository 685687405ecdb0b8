'use strict';
// Preloaded into the server by bench/attack.js (`node -r bench/loop-monitor.js …`): measures how
// late the server's event loop runs its callbacks. On each SIGUSR2 it writes the delays since the
// previous one (ms: p50, p99, max, and the number of samples) to LOOP_MONITOR_FILE and starts over.
const fs = require('node:fs');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const file = process.env.LOOP_MONITOR_FILE;
// Sampled every millisecond; a sample is the time between two timer runs, so an idle loop reads ~1 ms.
const histogram = monitorEventLoopDelay({ resolution: 1 });
histogram.enable();

process.on('SIGUSR2', () => {
  const ms = (ns) => Math.round((ns / 1e6) * 10) / 10;
  const stats = {
    p50: ms(histogram.percentile(50)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
    samples: histogram.count,
  };
  histogram.reset();
  if (file) fs.writeFileSync(`${file}.tmp`, JSON.stringify(stats));
  if (file) fs.renameSync(`${file}.tmp`, file);
});
