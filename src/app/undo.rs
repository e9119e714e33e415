//! Undo and redo: stacks of applied [`Transaction`]s, with a marker for the revision last
//! saved (the dirty flag). Not the navigation history.

use std::time::{Duration, Instant};

use crate::model::edit::Transaction;

/// How long a burst of typing in one field may pause and still be one undo step.
pub const BURST: Duration = Duration::from_millis(1500);

/// The applied transactions (undo pops them) and the undone ones (redo pops them).
#[derive(Debug, Default)]
pub struct UndoStack {
    done: Vec<Step>,
    undone: Vec<Step>,
    /// A counter naming each step; the saved state is named by the step on top when the
    /// document was saved (0: no step, the state as loaded).
    next_name: u64,
    saved: Option<u64>,
}

#[derive(Debug)]
struct Step {
    name: u64,
    txn: Transaction,
    /// What it merges with: a burst key (record and field) and when it last grew.
    burst: Option<(String, Instant)>,
}

impl UndoStack {
    /// A stack for a document just loaded or saved: clean.
    pub fn new() -> Self {
        Self {
            saved: Some(0),
            next_name: 1,
            ..Self::default()
        }
    }

    /// Records an applied transaction. With a `burst` key equal to the last step's, made
    /// within [`BURST`] of it, and a transaction that continues it (the same record
    /// replaced again), it joins that step. Clears the redo stack.
    pub fn push(&mut self, txn: Transaction, burst: Option<String>, now: Instant) {
        self.undone.clear();
        if let (Some(key), Some(top)) = (&burst, self.done.last_mut())
            && let Some((top_key, at)) = &top.burst
            && top_key == key
            && now.saturating_duration_since(*at) <= BURST
            // A step that is the saved state is not grown: undoing it must reach it.
            && self.saved != Some(top.name)
            && top.txn.absorb(&txn)
        {
            top.burst = Some((key.clone(), now));
            if top.txn.is_noop() {
                self.done.pop();
            }
            return;
        }
        let name = self.next_name;
        self.next_name += 1;
        self.done.push(Step {
            name,
            txn,
            burst: burst.map(|key| (key, now)),
        });
    }

    /// The transaction to apply to undo the last step (its inverse), moving it to the
    /// redo stack. The caller applies it; if that fails, it calls [`Self::forget`].
    pub fn undo(&mut self) -> Option<Transaction> {
        let step = self.done.pop()?;
        let inverse = step.txn.inverse();
        self.undone.push(Step {
            burst: None,
            ..step
        });
        Some(inverse)
    }

    /// The transaction to apply to redo the last undone step, moving it back.
    pub fn redo(&mut self) -> Option<Transaction> {
        let step = self.undone.pop()?;
        let txn = step.txn.clone();
        self.done.push(step);
        Some(txn)
    }

    /// Forgets both stacks (after an undo or redo could not be applied, or when a new
    /// document takes over). The document counts as changed unless `clean`.
    pub fn forget(&mut self, clean: bool) {
        self.done.clear();
        self.undone.clear();
        self.saved = clean.then_some(0);
    }

    /// What undo would undo ("change level of c003-chen-55").
    pub fn undo_label(&self) -> Option<&str> {
        self.done.last().map(|s| s.txn.label.as_str())
    }

    /// What redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.undone.last().map(|s| s.txn.label.as_str())
    }

    /// Names the current state, for [`Self::mark_saved_at`] once a save of it finishes.
    pub fn marker(&self) -> u64 {
        self.current()
    }

    /// Marks the state named `marker` as saved (a save started then has finished; edits
    /// made meanwhile leave the document dirty).
    pub fn mark_saved_at(&mut self, marker: u64) {
        self.saved = Some(marker);
        if let Some(top) = self.done.iter_mut().rev().find(|s| s.name == marker) {
            top.burst = None;
        }
    }

    /// Marks the current state as saved.
    pub fn mark_saved(&mut self) {
        self.saved = Some(self.current());
        // The step on top is now the saved state: further typing starts a new step.
        if let Some(top) = self.done.last_mut() {
            top.burst = None;
        }
    }

    /// True when the document differs from the one last saved (or loaded).
    pub fn is_dirty(&self) -> bool {
        self.saved != Some(self.current())
    }

    fn current(&self) -> u64 {
        self.done.last().map_or(0, |s| s.name)
    }

    /// Number of steps that can be undone.
    pub fn depth(&self) -> usize {
        self.done.len()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::model::edit::{Edit, Transaction};
    use crate::model::{Claim, Item, Record};

    fn claim(en: &str) -> Record {
        Record::Claim(Box::new(Claim {
            id: "c1".into(),
            en: en.into(),
            ..Default::default()
        }))
    }

    fn typing(from: &str, to: &str) -> Transaction {
        Transaction::one(
            "edit text of c1",
            Some("c1".into()),
            Edit::Replace {
                at: Item::Claim(0),
                before: claim(from),
                after: claim(to),
            },
        )
    }

    #[test]
    fn a_burst_is_one_step_and_the_saved_marker_tracks_it() {
        let t0 = Instant::now();
        let mut stack = UndoStack::new();
        assert!(!stack.is_dirty());
        stack.push(typing("", "a"), Some("c1/en".into()), t0);
        stack.push(typing("a", "ab"), Some("c1/en".into()), t0 + BURST / 2);
        assert_eq!(stack.depth(), 1);
        assert!(stack.is_dirty());
        // A pause longer than a burst starts a new step.
        stack.push(typing("ab", "abc"), Some("c1/en".into()), t0 + BURST * 3);
        assert_eq!(stack.depth(), 2);
        stack.mark_saved();
        assert!(!stack.is_dirty());
        // After a save, typing on is a new step, so undo reaches the saved state.
        stack.push(typing("abc", "abcd"), Some("c1/en".into()), t0 + BURST * 3);
        assert_eq!(stack.depth(), 3);
        let undo = stack.undo().unwrap();
        assert_eq!(undo.edits[0], typing("abc", "abcd").edits[0].inverse());
        assert!(!stack.is_dirty());
        stack.undo().unwrap();
        assert!(stack.is_dirty());
        stack.redo().unwrap();
        assert!(!stack.is_dirty());
        assert_eq!(stack.redo_label(), Some("edit text of c1"));
    }

    #[test]
    fn typing_back_to_the_start_leaves_no_step() {
        let t0 = Instant::now();
        let mut stack = UndoStack::new();
        stack.push(typing("", "a"), Some("k".into()), t0);
        stack.push(typing("a", ""), Some("k".into()), t0);
        assert_eq!(stack.depth(), 0);
        assert!(!stack.is_dirty());
    }
}
