// Activation from many threads at once (run under ThreadSanitizer by the tsan preset): the
// first activations race into the loader, then warm activations and releases interleave,
// from two runtimes sharing the process's modules.
#include <atomic>
#include <barrier>
#include <chrono>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include <ucom/guid.hpp>
#include <ucom/runtime.hpp>

#include "calculator.h"
#include "lingering.h"
#include "nesting.h"
#include "test_registry.hpp"

namespace {

// Activates a calculator from a destructor as its thread exits. Constructed before the
// thread's first activation, it is destroyed after the runtime's own per-thread state.
struct activates_at_exit {
    ucom::runtime *runtime = nullptr;
    std::atomic<int> *activated = nullptr;
    activates_at_exit() = default;
    activates_at_exit(const activates_at_exit &) = delete;
    activates_at_exit &operator=(const activates_at_exit &) = delete;
    ~activates_at_exit()
    {
        if (runtime != nullptr && runtime->create_instance<ICalculator2>(ucom::guid(CLSID_Calculator))) {
            activated->fetch_add(1);
        }
    }
};

// Rounds in which 8 threads each activate Test.Lingering, also take a reference to one
// object they share, and then release both at once, while another thread sweeps with
// unload_unused in a loop; each round ends when a sweep has unloaded the module (or after
// 10 s). Every Release of a round races the sweeper: the last of each object's (whose
// destruction lingers in the module), and the seven before the shared object's last.
// The module is loaded again at the next round. Returns how many rounds saw it unloaded.
int release_while_sweeping(ucom::runtime &rt, int rounds)
{
    constexpr int threads = 8;
    std::atomic<bool> done{false};
    std::atomic<std::size_t> unloaded{0};
    std::atomic<int> failures{0};
    int rounds_unloaded = 0;
    std::thread sweeper([&] {
        while (!done.load()) {
            unloaded.fetch_add(rt.unload_unused());
        }
    });
    ucom::com_ptr<ILingering> shared;
    std::barrier round_start(threads, [&]() noexcept {
        if (auto made = rt.create_instance<ILingering>("Test.Lingering")) {
            shared = std::move(*made);
        }
    });
    std::barrier all_created(threads, [&]() noexcept { shared.reset(); }); // the threads' copies remain
    std::size_t unloaded_before = 0;
    std::barrier round_end(threads, [&]() noexcept {
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (unloaded.load() == unloaded_before && std::chrono::steady_clock::now() < give_up) {
            std::this_thread::yield();
        }
        rounds_unloaded += unloaded.load() != unloaded_before ? 1 : 0;
        unloaded_before = unloaded.load();
    });
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            for (int round = 0; round < rounds; ++round) {
                round_start.arrive_and_wait();
                {
                    auto object = rt.create_instance<ILingering>("Test.Lingering");
                    ucom::com_ptr<ILingering> share = shared;
                    int32_t value = 0;
                    if (!object || !share || (*object)->lpVtbl->Touch(object->get(), &value) != S_OK || value != 7) {
                        failures.fetch_add(1);
                    }
                    all_created.arrive_and_wait();
                } // the Releases, at once on every thread
                round_end.arrive_and_wait();
            }
        });
    }
    for (auto &worker : workers) {
        worker.join();
    }
    done.store(true);
    sweeper.join();
    CHECK(failures.load() == 0);
    return rounds_unloaded;
}

} // namespace

TEST_CASE("a module built with the generated glue is never unmapped under a thread returning from its last Release")
{
    ucom::test::scratch_registry registry;
    registry.register_plugin(LINGERING_PLUGIN);
    auto rt = registry.open_runtime();
    rt.set_unload_delay(std::chrono::hours(1)); // for modules that do not unload exactly: not this one
    constexpr int rounds = 40;
    CHECK(release_while_sweeping(rt, rounds) == rounds);
}

TEST_CASE("a module whose Release is its own is unloaded only after the unload delay, not under a releasing thread")
{
    ucom::test::scratch_registry registry;
    registry.register_plugin(LINGERING_IN_MODULE_PLUGIN);
    auto rt = registry.open_runtime();
    // Far longer than the 100 us its objects linger in its code after its count drops. With
    // a delay of 0 this test crashes: the module is unmapped under a releasing thread.
    rt.set_unload_delay(std::chrono::milliseconds(20));
    constexpr int rounds = 15;
    CHECK(release_while_sweeping(rt, rounds) == rounds);
}

TEST_CASE("8 threads activate and release components concurrently")
{
    ucom::test::scratch_registry registry;
    registry.register_plugin(CALCULATOR_PLUGIN);
    registry.register_plugin(NESTING_PLUGIN);
    auto first = registry.open_runtime();
    auto second = registry.open_runtime();
    constexpr int threads = 8;
    constexpr int rounds = 300;
    std::atomic<int> failures{0};
    std::atomic<int> ready{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            const ucom::runtime &rt = t % 2 == 0 ? first : second;
            ready.fetch_add(1);
            while (ready.load() < threads) {
                std::this_thread::yield(); // start together: the cold path races
            }
            for (int i = 0; i < rounds; ++i) {
                auto calculator = rt.create_instance<ICalculator2>(ucom::guid(CLSID_Calculator));
                auto nested = rt.create_instance<INode>("Test.Nested");
                int32_t sum = 0;
                if (!calculator || !nested || (*calculator)->lpVtbl->Add(calculator->get(), t, i, &sum) != S_OK ||
                    sum != t + i) {
                    failures.fetch_add(1);
                }
            }
        });
    }
    for (auto &worker : workers) {
        worker.join();
    }
    CHECK(failures.load() == 0);
    CHECK(ucom::test::loaded_objects_of(CALCULATOR_PLUGIN) == 1);
}

TEST_CASE("cached factories are retired safely while other threads activate through them")
{
    ucom::test::scratch_registry registry;
    registry.register_plugin(CALCULATOR_PLUGIN);
    registry.register_plugin(NESTING_PLUGIN);
    auto rt = registry.open_runtime();
    // Live objects keep both modules loaded (DllCanUnloadNow says S_FALSE), so unload_unused
    // only retires the runtime's factories, over and over, under the activating threads.
    auto keep_calculator = rt.create_instance<ICalculator2>(ucom::guid(CLSID_Calculator));
    auto keep_leaf = rt.create_instance<INode>("Test.Leaf");
    REQUIRE(keep_calculator);
    REQUIRE(keep_leaf);
    std::atomic<bool> done{false};
    std::atomic<int> failures{0};
    std::atomic<int> retirements{0};
    std::atomic<std::size_t> unloaded{0};
    std::thread retirer([&] {
        while (!done.load()) {
            unloaded.fetch_add(rt.unload_unused());
            retirements.fetch_add(1);
        }
    });
    // The workers go on past their 400 activations until the retirer has retired under them
    // often enough: 400 warm activations take a few milliseconds, and on a loaded machine
    // the retirer thread may not run at all in that time, so that nothing was retired.
    constexpr int min_retirements = 20;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    const auto retired_enough = [&] {
        return retirements.load() >= min_retirements || std::chrono::steady_clock::now() >= give_up;
    };
    std::vector<std::thread> workers;
    for (int t = 0; t < 6; ++t) {
        workers.emplace_back([&] {
            for (int i = 0; i < 400 || !retired_enough(); ++i) {
                auto calculator = rt.create_instance<ICalculator2>(ucom::guid(CLSID_Calculator));
                auto nested = rt.create_instance<INode>("Test.Nested");
                if (!calculator || !nested) {
                    failures.fetch_add(1);
                }
            }
        });
    }
    for (auto &worker : workers) {
        worker.join();
    }
    done.store(true);
    retirer.join();
    CHECK(failures.load() == 0);
    CHECK(retirements.load() >= min_retirements);
    CHECK(unloaded.load() == 0); // no module was unloaded while its objects lived
}

TEST_CASE("threads activate from thread_local destructors as they exit while factories are retired")
{
    ucom::test::scratch_registry registry;
    registry.register_plugin(CALCULATOR_PLUGIN);
    auto rt = registry.open_runtime();
    auto keep_calculator = rt.create_instance<ICalculator2>(ucom::guid(CLSID_Calculator));
    REQUIRE(keep_calculator);
    std::atomic<bool> done{false};
    std::thread retirer([&] {
        while (!done.load()) {
            rt.unload_unused();
        }
    });
    constexpr int rounds = 50;
    constexpr int threads_per_round = 4;
    std::atomic<int> activated{0};
    std::atomic<int> activated_at_exit{0};
    for (int round = 0; round < rounds; ++round) {
        std::vector<std::thread> threads;
        for (int t = 0; t < threads_per_round; ++t) {
            threads.emplace_back([&] {
                thread_local activates_at_exit at_exit;
                at_exit.runtime = &rt;
                at_exit.activated = &activated_at_exit;
                if (rt.create_instance<ICalculator2>(ucom::guid(CLSID_Calculator))) {
                    activated.fetch_add(1);
                }
            });
        }
        for (auto &thread : threads) {
            thread.join();
        }
    }
    done.store(true);
    retirer.join();
    CHECK(activated.load() == rounds * threads_per_round);
    CHECK(activated_at_exit.load() == rounds * threads_per_round);
}
