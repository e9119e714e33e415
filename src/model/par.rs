//! The parallel helper [`map_chunks`]: a slice split into one chunk per core, each
//! chunk on a scoped thread (element deserialization, search, the index). The reopen
//! cache's sections are shared out as they are read instead (`cache::decode_stream`).
//! Each caller decides what a worker's panic means (see the panic policy in
//! ARCHITECTURE.md): loading turns it into diagnostics, search re-raises it.

/// Runs `work` on chunks of `items`, one per available core, and returns every chunk
/// with its outcome, in order. With fewer than `min_parallel` items, or one core, the
/// whole slice is one chunk on the calling thread.
pub fn map_chunks<'a, T, R>(
    items: &'a [T],
    min_parallel: usize,
    work: impl Fn(&'a [T]) -> R + Sync,
) -> Vec<(&'a [T], std::thread::Result<R>)>
where
    T: Sync,
    R: Send,
{
    let n_threads = std::thread::available_parallelism().map_or(1, usize::from);
    if n_threads <= 1 || items.len() < min_parallel.max(2) {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(items)));
        return vec![(items, outcome)];
    }
    let chunk_len = items.len().div_ceil(n_threads);
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk_len)
            .map(|chunk| (chunk, scope.spawn(move || work(chunk))))
            .collect();
        handles
            .into_iter()
            .map(|(chunk, handle)| (chunk, handle.join()))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::map_chunks;

    #[test]
    fn chunks_cover_the_slice_in_order() {
        let items: Vec<u32> = (0..10_000).collect();
        let outcomes = map_chunks(&items, 100, |chunk| {
            chunk.iter().map(|&x| u64::from(x)).sum::<u64>()
        });
        let total: u64 = outcomes.iter().filter_map(|(_, r)| r.as_ref().ok()).sum();
        assert_eq!(total, (0..10_000u64).sum::<u64>());
        let firsts: Vec<u32> = outcomes
            .iter()
            .filter_map(|(c, _)| c.first().copied())
            .collect();
        assert!(firsts.windows(2).all(|w| w[0] < w[1]));
        // Small inputs stay on the calling thread, in one chunk.
        assert_eq!(map_chunks(&items[..10], 100, <[u32]>::len).len(), 1);
    }

    #[test]
    fn a_panicking_chunk_is_reported_not_lost() {
        let items: Vec<u32> = (0..10).collect();
        let outcomes = map_chunks(&items, 0, |chunk: &[u32]| {
            assert!(!chunk.contains(&0), "boom");
            chunk.len()
        });
        assert!(outcomes.iter().any(|(_, r)| r.is_err()));
        let covered: usize = outcomes.iter().map(|(c, _)| c.len()).sum();
        assert_eq!(covered, 10);
    }
}
