//! Progress of a seed run as it goes: how many files there are, each file read, each article
//! written with its events. The seeder calls a [`Progress`]; showing it (or not) is the caller's
//! business, so the library never draws anything itself.

/// What a seed run reports while it works. Every method does nothing by default.
pub trait Progress {
    /// The run found `total` seed files to read (again, from the start, when it has to read
    /// every file after all).
    fn files(&mut self, _total: usize) {}
    /// One seed file was read and parsed.
    fn read(&mut self) {}
    /// Every file was read and checked; writing begins.
    fn checked(&mut self) {}
    /// One article was written (or found unchanged); it states `events` events.
    fn written(&mut self, _events: usize) {}
}

/// Reports nothing.
pub struct NoProgress;

impl Progress for NoProgress {}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::db;

    #[derive(Default)]
    struct Recorder {
        total: usize,
        read: usize,
        checked_after_reading: bool,
        written: usize,
        events: usize,
    }

    impl Progress for Recorder {
        fn files(&mut self, total: usize) {
            self.total = total;
        }
        fn read(&mut self) {
            self.read += 1;
        }
        fn checked(&mut self) {
            self.checked_after_reading = self.read == self.total && self.written == 0;
        }
        fn written(&mut self, events: usize) {
            self.written += 1;
            self.events += events;
        }
    }

    #[test]
    fn a_seed_run_reports_files_read_and_events_written() {
        let mut conn = db::open_in_memory().unwrap();
        let seed_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seed");
        let mut rec = Recorder::default();
        let summary = crate::seed::seed(&mut conn, &[seed_dir], false, &mut rec).unwrap();
        assert_eq!(rec.total, summary.files.len());
        assert_eq!(rec.read, rec.total);
        assert!(rec.checked_after_reading);
        assert_eq!(rec.written, rec.total);
        let events: usize = summary.files.iter().map(|f| f.events).sum();
        assert_eq!(rec.events, events);
        assert!(events > 0);
    }
}
