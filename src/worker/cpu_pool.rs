//! A fixed set of threads that run the CPU-bound part of each message (parse, pipeline,
//! serialize), fed from one queue.
//!
//! Why not `tokio::task::spawn_blocking` behind a semaphore (what the worker did first): every
//! message then woke a parked pool thread, because a thread went idle as soon as its job was
//! done and the next job was only submitted once the async side had seen the permit come
//! back. Here the handlers queue their jobs (at most `input.prefetch` of them) and a busy
//! thread takes the next one without sleeping, so under load there is no wake-up per message.
//! The number of threads is `worker.concurrency`, so no more articles are computed at once.

use super::Outcome;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// Stack for the pipeline threads: the HTML parser and the JSON parser recurse on deeply
/// nested input (both are capped), and 8 MiB leaves a wide margin. Untouched pages cost nothing.
const STACK_BYTES: usize = 8 * 1024 * 1024;

/// What a job shares with the handler waiting for it.
#[derive(Default)]
struct JobState {
    /// Set by the handler when the job ran too long; the pipeline stops at its next stage.
    cancelled: AtomicBool,
    /// When a thread started the job (unset while it waits in the queue).
    started: OnceLock<Instant>,
}

type Work = Box<dyn FnOnce(&AtomicBool) -> Outcome + Send>;

struct Job {
    work: Work,
    state: Arc<JobState>,
    done: oneshot::Sender<Result<Outcome, Failed>>,
}

/// Why a job produced no result.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Failed {
    /// It ran longer than the limit; it was told to stop.
    #[error("processing took longer than {0:?}")]
    Timeout(Duration),
    /// It panicked (a bug; the thread survives and takes the next job).
    #[error("processing failed: {0}")]
    Panicked(String),
    /// The pool is gone (the worker is stopping).
    #[error("the processing threads have stopped")]
    Stopped,
}

/// The threads and the queue that feeds them. Dropping the pool lets the threads finish the
/// jobs already queued and exit.
pub struct CpuPool {
    jobs: crossbeam_channel::Sender<Job>,
}

impl CpuPool {
    /// Starts `threads` threads named `{name}-N`. Returns an error only when the operating
    /// system refuses to create a thread.
    pub fn start(threads: usize, name: &str) -> std::io::Result<Self> {
        let (jobs, queue) = crossbeam_channel::unbounded::<Job>();
        for n in 0..threads.max(1) {
            let queue = queue.clone();
            std::thread::Builder::new().name(format!("{name}-{n}")).stack_size(STACK_BYTES).spawn(move || {
                while let Ok(job) = queue.recv() {
                    run_job(job);
                }
            })?;
        }
        Ok(CpuPool { jobs })
    }

    /// Queues `work` and waits for its result. The limit counts from when a thread starts the
    /// job, not while it waits behind others; when it is reached the job's cancel flag is set
    /// and [`Failed::Timeout`] returned at once (the thread stays busy until the pipeline
    /// reaches its next stage).
    pub async fn run(&self, limit: Duration, work: impl FnOnce(&AtomicBool) -> Outcome + Send + 'static) -> Result<Outcome, Failed> {
        let state = Arc::new(JobState::default());
        let (done, mut result) = oneshot::channel();
        let job = Job { work: Box::new(work), state: Arc::clone(&state), done };
        if self.jobs.send(job).is_err() {
            return Err(Failed::Stopped);
        }
        let mut wait = limit;
        loop {
            match tokio::time::timeout(wait, &mut result).await {
                Ok(Ok(outcome)) => return outcome,
                Ok(Err(_)) => return Err(Failed::Stopped),
                Err(_) => {
                    // Still queued: wait a full limit again. Started: wait what is left.
                    let ran = state.started.get().map(Instant::elapsed);
                    match ran {
                        None => wait = limit,
                        Some(ran) if ran < limit => wait = limit - ran,
                        Some(_) => {
                            state.cancelled.store(true, Ordering::Relaxed);
                            return Err(Failed::Timeout(limit));
                        }
                    }
                }
            }
        }
    }
}

fn run_job(Job { work, state, done }: Job) {
    // The handler was aborted (its connection was lost): nobody wants the result.
    if done.is_closed() {
        return;
    }
    let _ = state.started.set(Instant::now());
    // Catching keeps the thread for the next message; the pipeline has no known panic, and
    // the fuzz targets look for them.
    let result = catch_unwind(AssertUnwindSafe(move || work(&state.cancelled))).map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        Failed::Panicked(message)
    });
    // The handler may have given up (timeout) meanwhile; then the result is dropped.
    let _ = done.send(result);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
    }

    /// A recognisable outcome carrying `n`.
    fn outcome(n: u64) -> Outcome {
        Outcome::Requeue(n.to_string())
    }

    fn number(result: Result<Outcome, Failed>) -> Result<u64, Failed> {
        match result? {
            Outcome::Requeue(n) => Ok(n.parse().unwrap()),
            _ => panic!("unexpected outcome"),
        }
    }

    #[test]
    fn runs_jobs_and_returns_results() {
        let pool = CpuPool::start(2, "test").unwrap();
        let results = runtime().block_on(async {
            let jobs = (0..50u64).map(|i| pool.run(Duration::from_secs(5), move |_| outcome(i * i)));
            futures_util::future::join_all(jobs).await
        });
        let results: Vec<_> = results.into_iter().map(number).collect();
        assert_eq!(results, (0..50u64).map(|i| Ok(i * i)).collect::<Vec<_>>());
    }

    #[test]
    fn a_panic_becomes_an_error_and_the_thread_goes_on() {
        let pool = CpuPool::start(1, "test").unwrap();
        let rt = runtime();
        let r = rt.block_on(pool.run(Duration::from_secs(5), |_| panic!("boom")));
        assert_eq!(number(r), Err(Failed::Panicked("boom".into())));
        assert_eq!(number(rt.block_on(pool.run(Duration::from_secs(5), |_| outcome(7)))), Ok(7));
    }

    #[test]
    fn a_slow_job_times_out_and_is_told_to_stop() {
        let pool = CpuPool::start(1, "test").unwrap();
        let rt = runtime();
        let saw_cancel = Arc::new(AtomicBool::new(false));
        let seen = Arc::clone(&saw_cancel);
        let r = rt.block_on(pool.run(Duration::from_millis(50), move |cancelled| {
            let until = Instant::now() + Duration::from_secs(5);
            while Instant::now() < until && !cancelled.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(1));
            }
            seen.store(cancelled.load(Ordering::Relaxed), Ordering::Relaxed);
            outcome(0)
        }));
        assert_eq!(number(r), Err(Failed::Timeout(Duration::from_millis(50))));
        // The next job runs once the slow one noticed the flag.
        assert_eq!(number(rt.block_on(pool.run(Duration::from_secs(5), |_| outcome(1)))), Ok(1));
        assert!(saw_cancel.load(Ordering::Relaxed));
    }

    #[test]
    fn time_waiting_in_the_queue_does_not_count() {
        // One thread, four jobs of 100 ms each with a 200 ms limit: the last waits 300 ms in
        // the queue but runs only 100, so none times out.
        let pool = CpuPool::start(1, "test").unwrap();
        let results = runtime().block_on(async {
            let jobs = (0..4).map(|i| {
                pool.run(Duration::from_millis(200), move |_| {
                    std::thread::sleep(Duration::from_millis(100));
                    outcome(i)
                })
            });
            futures_util::future::join_all(jobs).await
        });
        let results: Vec<_> = results.into_iter().map(number).collect();
        assert_eq!(results, vec![Ok(0), Ok(1), Ok(2), Ok(3)]);
    }
}
