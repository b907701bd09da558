//! What the machine was doing during the run (usable cores, load average, CPU model), so the
//! numbers can be read against it.

use std::time::{Duration, Instant};

/// How many cores this process can actually use right now: the work `cpus` spinning threads
/// get done relative to one thread, in 0.5 s each. On a shared machine other processes take
/// their part, and every throughput and scaling figure should be read against this number.
pub fn effective_cores(cpus: usize) -> f64 {
    let spin = |threads: usize| -> u64 {
        let deadline = Instant::now() + Duration::from_millis(500);
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(move || {
                        let mut rounds = 0_u64;
                        while Instant::now() < deadline {
                            // black_box keeps the optimiser from folding the loop away.
                            let mut x = rounds;
                            for _ in 0..1000 {
                                x = std::hint::black_box(
                                    x.wrapping_mul(6364136223846793005).wrapping_add(1),
                                );
                            }
                            std::hint::black_box(x);
                            rounds += 1;
                        }
                        rounds
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap_or(0)).sum()
        })
    };
    let one = spin(1).max(1);
    spin(cpus) as f64 / one as f64
}

/// The 1-minute load average, to tell a quiet run from one that shared the machine.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

pub fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}
