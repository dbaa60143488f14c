//! The journal that makes a build all or nothing, and the recovery of an
//! interrupted build from it.

use super::*;

/// What a build is about to do, or did: the record that makes it all or
/// nothing. Written before anything is staged (`committed: false`), and
/// again, atomically, once everything is staged (`committed: true`).
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Journal {
    /// The staging directory's name, in the output directory.
    pub(super) staging: String,
    pub(super) committed: bool,
    /// Files to move from the staging directory into the output directory.
    pub(super) write: Vec<PathBuf>,
    /// Generated files to remove.
    pub(super) remove: Vec<PathBuf>,
}

impl Journal {
    pub(super) fn store(&self, dir: &Path) -> Result<(), OutputError> {
        let text = serde_json::to_vec(self).expect("a journal serializes");
        // Written whole under a name of its own, then renamed over the
        // journal: a reader sees the old journal or the new one.
        let next = dir.join(JOURNAL_NEXT);
        let mut file = std::fs::File::create(&next).map_err(io(&next))?;
        file.write_all(&text)
            .and_then(|()| file.sync_all())
            .map_err(io(&next))?;
        let journal = dir.join(JOURNAL);
        std::fs::rename(&next, &journal).map_err(io(&journal))?;
        // The rename itself is durable too.
        if let Ok(handle) = std::fs::File::open(dir) {
            let _ = handle.sync_all();
        }
        Ok(())
    }

    /// The journal in `dir`, if a build left one.
    pub(super) fn load(dir: &Path) -> Result<Option<Journal>, OutputError> {
        let path = dir.join(JOURNAL);
        match entry(&path)? {
            Entry::Missing => return Ok(None),
            Entry::NotAFile => return Err(OutputError::BadJournal(path)),
            _ => {}
        }
        let bytes = std::fs::read(&path).map_err(io(&path))?;
        let journal: Journal =
            serde_json::from_slice(&bytes).map_err(|_| OutputError::BadJournal(path.clone()))?;
        let ours = journal.staging.starts_with(STAGING_PREFIX)
            && plain_name(Path::new(&journal.staging))
            && journal
                .write
                .iter()
                .chain(&journal.remove)
                .all(|p| plain_name(p));
        if !ours {
            return Err(OutputError::BadJournal(path));
        }
        Ok(Some(journal))
    }

    /// Carries out a committed journal (each step again is harmless), or
    /// throws away what an uncommitted one staged.
    pub(super) fn finish(&self, dir: &Path) -> Result<(), OutputError> {
        let staging = dir.join(&self.staging);
        if self.committed {
            for path in &self.write {
                let from = staging.join(path);
                if std::fs::symlink_metadata(&from).is_err() {
                    continue; // moved in before the interruption
                }
                let target = dir.join(path);
                match entry(&target)? {
                    Entry::Missing | Entry::Generated(_) => {}
                    Entry::HandWritten => return Err(OutputError::HandWritten(target)),
                    Entry::NotAFile => return Err(OutputError::NotAFile(target)),
                }
                std::fs::rename(&from, &target).map_err(|e| OutputError::Io {
                    path: target.clone(),
                    source: std::io::Error::new(
                        e.kind(),
                        format!("can't move the new file in ({e})"),
                    ),
                })?;
            }
            for path in &self.remove {
                let target = dir.join(path);
                if let Entry::Generated(_) = entry(&target)? {
                    std::fs::remove_file(&target).map_err(io(&target))?;
                }
            }
        }
        match std::fs::remove_dir_all(&staging) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(OutputError::Io {
                    path: staging,
                    source: e,
                });
            }
            _ => {}
        }
        let _ = std::fs::remove_file(dir.join(JOURNAL_NEXT));
        let journal = dir.join(JOURNAL);
        std::fs::remove_file(&journal).map_err(io(&journal))
    }
}

/// Finishes a build of `dir` that was interrupted (killed, or stopped by
/// an error while moving files in): a committed one is carried out, an
/// uncommitted one undone. Returns whether there was one. Every build
/// does this first.
pub fn recover(dir: &Path) -> Result<bool, OutputError> {
    let _lock = lock(dir)?;
    recover_locked(dir)
}

pub(super) fn recover_locked(dir: &Path) -> Result<bool, OutputError> {
    match Journal::load(dir)? {
        Some(journal) => journal.finish(dir).map(|()| true),
        None => {
            // A run killed while writing its first journal leaves only
            // the journal's next version: nothing was staged yet.
            let next = dir.join(JOURNAL_NEXT);
            let stray = std::fs::symlink_metadata(&next).is_ok_and(|m| m.file_type().is_file());
            if stray {
                std::fs::remove_file(&next).map_err(io(&next))?;
            }
            Ok(stray)
        }
    }
}
