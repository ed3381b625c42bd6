// The per-thread records in which activations publish the factories they call through
// (runtime/src/hazard_records.hpp): each thread's is its own, and no record is ever used
// by two threads, not even by an activation from a thread_local destructor that runs after
// its thread gave its record back.
#include <atomic>
#include <thread>

#include <catch2/catch.hpp>

#include "hazard_records.hpp"

using ucom::activation::hazard_lease;
using ucom::activation::hazards;
using ucom::activation::thread_hazards;

namespace {

// What an activation made from a thread_local destructor saw.
struct lease_at_exit {
    bool taken = false;
    bool borrowed = false;
    bool record_was_free = true;
};

// Takes a lease in its destructor, as an activation from a thread_local destructor does.
struct leases_at_exit {
    lease_at_exit *seen = nullptr;
    leases_at_exit() = default;
    leases_at_exit(const leases_at_exit &) = delete;
    leases_at_exit &operator=(const leases_at_exit &) = delete;
    ~leases_at_exit()
    {
        if (seen == nullptr) {
            return;
        }
        const hazard_lease lease;
        seen->taken = true;
        seen->borrowed = lease.borrowed();
        seen->record_was_free = hazards().is_free(&lease.record());
    }
};

} // namespace

TEST_CASE("a thread keeps one record for its activations and gives it back when it exits")
{
    const thread_hazards *first = nullptr;
    const thread_hazards *second = nullptr;
    bool borrowed = true;
    std::thread worker([&] {
        {
            const hazard_lease lease;
            first = &lease.record();
            borrowed = lease.borrowed();
        }
        const hazard_lease again;
        second = &again.record();
    });
    worker.join();
    CHECK(first == second);
    CHECK_FALSE(borrowed);
    CHECK(hazards().is_free(first));
}

TEST_CASE("an activation from a thread_local destructor after its thread gave its record back uses no free record")
{
    lease_at_exit seen;
    bool first_borrowed = true;
    std::thread worker([&] {
        // Constructed before the thread's first lease, so destroyed after its record went back.
        thread_local leases_at_exit at_exit;
        at_exit.seen = &seen;
        const hazard_lease lease;
        first_borrowed = lease.borrowed();
    });
    worker.join();
    CHECK_FALSE(first_borrowed);
    REQUIRE(seen.taken);
    CHECK(seen.borrowed);
    CHECK_FALSE(seen.record_was_free);
}

TEST_CASE("a record comes back cleared when a thread left an entry set")
{
    const IClassFactory factory{}; // only its address is used
    thread_hazards *left = nullptr;
    std::thread worker([&] {
        const hazard_lease lease;
        left = &lease.record();
        // As when a thread unwinds out of a factory (pthread_exit) before clearing its entry.
        lease.record().in_use[3].store(&factory);
    });
    worker.join();
    REQUIRE(hazards().is_free(left));
    for (const auto &entry : left->in_use) {
        CHECK(entry.load() == nullptr);
    }
}
