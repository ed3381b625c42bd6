// Retiring a cached class factory while other threads may be calling it. The warm path
// must not pay a read-modify-write (an atomic increment costs more than the rest of an
// activation on some machines), so each thread publishes the factories it is calling
// through with plain stores into its own record, one entry per activation depth. A
// retiring thread takes the factory out of its slot, makes every thread's earlier stores
// visible with membarrier(2) (the heavy half of the fence, paid only by the rare retire),
// and waits until no record holds that factory. Where membarrier is unavailable, readers
// publish with a seq_cst store (a full fence) instead.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include <ucom/abi.h>

namespace ucom::activation {

// Activations nested deeper than this (on one thread, or through the threads components
// start) are refused: a cycle the runtime cannot see on one thread's chain ends there.
constexpr unsigned max_activation_depth = 64;

struct thread_hazards {
    // The factory this thread calls at each activation depth, or null.
    std::array<std::atomic<const IClassFactory *>, max_activation_depth + 1> in_use{};
};

class hazard_registry {
public:
    // A record for a thread, all of it null. Records are reused, never freed, so that a
    // retirer may read a thread's record without holding the lock while the thread exits.
    thread_hazards *add();
    // Takes a record back, cleared: a thread unwound out of a factory (pthread_exit, a
    // cancellation) may have left an entry set.
    void remove(thread_hazards *record);
    // Whether `record` is on the free list (for tests).
    bool is_free(const thread_hazards *record);

    // After the caller took factories out of their slots: makes every thread's earlier
    // hazard stores visible to wait_unused. `own` is the caller's record (null if it has
    // none). When no other thread holds a record there is nothing to make visible, and the
    // membarrier (about 5 us) is skipped: a thread that takes a record later takes it under
    // the registry's lock, after the caller's exchange, and so reads the emptied slot.
    void barrier(const thread_hazards *own);
    // Returns once no record holds `factory`, which the caller took out of its slot (and
    // then called barrier). Holds no lock while it waits: the threads it waits for may be
    // starting threads.
    void wait_unused(const IClassFactory *factory);

    // True where membarrier is unavailable, and under ThreadSanitizer, which cannot see the
    // ordering membarrier gives: readers then publish with seq_cst stores.
    static bool readers_fence_themselves();

private:
    std::mutex mutex_;
    std::vector<std::unique_ptr<thread_hazards>> records_;
    std::vector<thread_hazards *> free_;
};

// The process's registry; it outlives every thread's record.
hazard_registry &hazards();

// This thread's record, from its first activation until it exits. A plain pointer, so
// that the warm path reads it without a TLS wrapper call and a thread_local destructor may
// read it after the thread gave the record back. Initial-exec: one load from %fs instead of
// a __tls_get_addr call, 2 ns of a 33 ns warm activation. It puts libucom's 128 bytes of TLS
// in static TLS, which a late dlopen of libucom still finds in glibc's reserve (tested).
extern constinit thread_local thread_hazards *this_thread_record
    [[gnu::visibility("hidden"), gnu::tls_model("initial-exec")]];

// The record one activation on this thread publishes in: the thread's own, registered at
// its first activation and given back when it exits; or, for an activation from a
// thread_local destructor that runs after that, one borrowed for the activation's length,
// so that no record is ever used by two threads.
class hazard_lease {
public:
    hazard_lease() : record_(this_thread_record != nullptr ? this_thread_record : register_or_borrow(borrowed_)) {}
    ~hazard_lease()
    {
        if (borrowed_ != nullptr) {
            hazards().remove(borrowed_);
        }
    }
    hazard_lease(const hazard_lease &) = delete;
    hazard_lease &operator=(const hazard_lease &) = delete;

    thread_hazards &record() const noexcept { return *record_; }
    bool borrowed() const noexcept { return borrowed_ != nullptr; }

private:
    static thread_hazards *register_or_borrow(thread_hazards *&borrowed);

    thread_hazards *borrowed_ = nullptr; // before record_: register_or_borrow sets it
    thread_hazards *record_;
};

} // namespace ucom::activation
