//! Decoding hostile vector counts allocates nothing in proportion to the claimed count beyond
//! the reader's memory budget.
//!
//! A counting global allocator records the largest single allocation; this file holds a single
//! test so that no other test allocates concurrently.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use tlforge_runtime::{Deserializable, Error, Reader};

struct Counting;

static LARGEST: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to `System` unchanged; only records sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST.fetch_max(new_size, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The largest single allocation made while running `f`.
fn largest_allocation<R>(f: impl FnOnce() -> R) -> (R, usize) {
    LARGEST.store(0, Ordering::SeqCst);
    let result = f();
    (result, LARGEST.load(Ordering::SeqCst))
}

#[test]
fn claimed_counts_do_not_drive_allocation() {
    // 2^31 - 1 items claimed in 12 bytes: rejected before any allocation.
    let bytes = [0x15, 0xc4, 0xb5, 0x1c, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0];
    let (result, largest) = largest_allocation(|| Vec::<String>::from_bytes(&bytes));
    assert!(matches!(result, Err(Error::LengthTooLarge { .. })));
    assert_eq!(largest, 0);
    let (result, largest) = largest_allocation(|| Vec::<Vec<[u8; 32]>>::from_bytes(&bytes));
    assert!(result.is_err());
    assert_eq!(largest, 0);

    // A count the input could hold (1 Mi items of at least 4 bytes in 4 MiB), items that are
    // 24 bytes in memory, and garbage after the count. The vector is charged to the memory
    // budget (count × 24 bytes) and allocated at once, never beyond the budget: within the
    // default budget of 64 MiB that is one allocation of 24 MiB; under a budget of 1 MiB it is
    // refused before anything is allocated.
    let count: u32 = 1 << 20;
    let mut bytes = vec![0x15, 0xc4, 0xb5, 0x1c];
    bytes.extend_from_slice(&count.to_le_bytes());
    bytes.resize(8 + 4 * count as usize, 0xff);
    let items = count as usize * size_of::<String>();
    let (result, largest) = largest_allocation(|| Vec::<String>::from_bytes(&bytes));
    assert_eq!(result, Err(Error::InvalidLength { offset: 8 }));
    assert_eq!(largest, items);
    let (result, largest) = largest_allocation(|| {
        let mut reader = Reader::new(&bytes).with_memory_limit(1 << 20);
        Vec::<String>::deserialize(&mut reader)
    });
    assert_eq!(
        result,
        Err(Error::MemoryLimitExceeded {
            offset: 4,
            limit: 1 << 20,
            requested: items
        })
    );
    assert_eq!(largest, 0);
}
