// The per-thread hazard records (hazard_records.hpp): the registry that hands them out and
// waits on them, and the lease an activation takes.
#include "hazard_records.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace ucom::activation {

thread_hazards *hazard_registry::add()
{
    const std::lock_guard lock(mutex_);
    if (!free_.empty()) {
        thread_hazards *reused = free_.back();
        free_.pop_back();
        return reused;
    }
    records_.push_back(std::make_unique<thread_hazards>());
    free_.reserve(records_.size()); // so that remove, called from destructors, never allocates
    return records_.back().get();
}

void hazard_registry::remove(thread_hazards *record)
{
    for (auto &entry : record->in_use) {
        entry.store(nullptr, std::memory_order_release);
    }
    const std::lock_guard lock(mutex_);
    free_.push_back(record);
}

bool hazard_registry::is_free(const thread_hazards *record)
{
    const std::lock_guard lock(mutex_);
    return std::find(free_.begin(), free_.end(), record) != free_.end();
}

void hazard_registry::barrier(const thread_hazards *own)
{
    if (readers_fence_themselves()) {
        return; // the readers' seq_cst stores and the caller's seq_cst exchange order it
    }
    {
        const std::lock_guard lock(mutex_);
        const std::size_t in_use = records_.size() - free_.size();
        if (in_use <= (own != nullptr ? 1U : 0U)) {
            return; // no other thread can be calling a factory
        }
    }
    if (::syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) != 0) {
        // Registered, so it cannot fail; if it did, retiring would not be safe.
        std::fputs("ucom: membarrier failed; cannot retire class factories safely\n", stderr);
        std::abort();
    }
}

void hazard_registry::wait_unused(const IClassFactory *factory)
{
    std::vector<const thread_hazards *> records;
    {
        const std::lock_guard lock(mutex_);
        records.reserve(records_.size());
        for (const auto &record : records_) {
            records.push_back(record.get());
        }
    }
    for (const thread_hazards *record : records) {
        for (const auto &entry : record->in_use) {
            while (entry.load(std::memory_order_seq_cst) == factory) {
                std::this_thread::yield();
            }
        }
    }
}

bool hazard_registry::readers_fence_themselves()
{
#if defined(__SANITIZE_THREAD__)
    return true;
#else
    static const bool fallback = ::syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) != 0;
    return fallback;
#endif
}

hazard_registry &hazards()
{
    static auto *registry = new hazard_registry; // outlives every thread's record
    return *registry;
}

constinit thread_local thread_hazards *this_thread_record = nullptr;

namespace {

constinit thread_local bool this_thread_exiting = false;

// Gives the thread's record back when the thread exits.
struct registered_record {
    registered_record() = default;
    ~registered_record()
    {
        if (this_thread_record != nullptr) {
            hazards().remove(this_thread_record);
        }
        this_thread_record = nullptr;
        this_thread_exiting = true;
    }
    registered_record(const registered_record &) = delete;
    registered_record &operator=(const registered_record &) = delete;
};

} // namespace

thread_hazards *hazard_lease::register_or_borrow(thread_hazards *&borrowed)
{
    if (this_thread_exiting) {
        borrowed = hazards().add();
        return borrowed;
    }
    // Constructed before the record is taken, so its destructor runs after those of the
    // thread_local objects constructed later, which may still activate.
    static thread_local registered_record registration;
    this_thread_record = hazards().add();
    return this_thread_record;
}

} // namespace ucom::activation
