//! A global allocator that measures, per thread and only while asked, what a piece of code
//! allocates: the peak of bytes live, the largest single allocation and the number of large
//! ones. Each test binary (and the fuzz target) that measures declares it:
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOCATOR: tlforge_tests::heap::Counting = tlforge_tests::heap::Counting;
//! ```
//!
//! and calls [`measure`]. Counting per thread lets the tests of one binary run in parallel.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The allocator: forwards everything to [`System`], recording sizes while [`measure`] runs.
pub struct Counting;

thread_local! {
    static TRACKING: Cell<bool> = const { Cell::new(false) };
    /// Bytes allocated minus bytes freed on this thread since tracking started.
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
    static LARGEST: Cell<usize> = const { Cell::new(0) };
    static LARGE: Cell<usize> = const { Cell::new(0) };
}

/// What counts as a large allocation for [`Cost::large_allocations`]: a fresh inflate state is
/// ~40 KiB.
pub const LARGE_ALLOCATION: usize = 32 << 10;

/// What the code [`measure`] ran allocated on its thread.
#[derive(Debug, Clone, Copy)]
pub struct Cost {
    /// The peak of bytes live (what the code returned included).
    pub peak: usize,
    /// The largest single allocation or reallocation target.
    pub largest: usize,
    /// How many allocations of [`LARGE_ALLOCATION`] bytes or more.
    pub large_allocations: usize,
}

fn record(delta: isize, size: usize) {
    // `try_with`: allocations during thread teardown must not panic.
    let _ = TRACKING.try_with(|tracking| {
        if !tracking.get() {
            return;
        }
        let _ = LIVE.try_with(|live| {
            live.set(live.get() + delta);
            let _ = PEAK.try_with(|peak| peak.set(peak.get().max(live.get())));
        });
        let _ = LARGEST.try_with(|largest| largest.set(largest.get().max(size)));
        if size >= LARGE_ALLOCATION {
            let _ = LARGE.try_with(|large| large.set(large.get() + 1));
        }
    });
}

fn signed(size: usize) -> isize {
    isize::try_from(size).unwrap_or(isize::MAX)
}

// SAFETY: forwards every call to `System` unchanged; only records sizes in const-initialized
// thread-locals (which never allocate).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record(signed(layout.size()), layout.size());
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record(signed(layout.size()), layout.size());
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        record(-signed(layout.size()), 0);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record(signed(new_size) - signed(layout.size()), new_size);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Runs `f` and returns its result with what it allocated on this thread (nothing is recorded
/// unless [`Counting`] is the global allocator).
pub fn measure<R>(f: impl FnOnce() -> R) -> (R, Cost) {
    LIVE.set(0);
    PEAK.set(0);
    LARGEST.set(0);
    LARGE.set(0);
    TRACKING.set(true);
    let result = f();
    TRACKING.set(false);
    let cost = Cost {
        peak: usize::try_from(PEAK.get()).unwrap_or(0),
        largest: LARGEST.get(),
        large_allocations: LARGE.get(),
    };
    (result, cost)
}
