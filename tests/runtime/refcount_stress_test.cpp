// Concurrency: 8 threads AddRef/Release/QueryInterface on shared objects; counts end exact.
// Run under ThreadSanitizer by the tsan preset.
#include <atomic>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include <ucom/com_ptr.hpp>

#include "numbered_interface.hpp"

namespace {

constexpr int thread_count = 8;
constexpr int rounds = 20000;

} // namespace

TEST_CASE("8 threads sharing objects leave every reference count exact")
{
    int destroyed = 0;
    const ucom::com_ptr<INumbered<0>> a = ucom::make<test::numbered_object<0, 1, 2, 3>>(&destroyed);
    const ucom::com_ptr<INumbered<0>> b = ucom::make<test::numbered_object<0, 1, 2, 3>>(&destroyed);
    std::atomic<int> failures{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    threads.reserve(thread_count);
    for (int t = 0; t < thread_count; ++t) {
        threads.emplace_back([&, t] {
            while (!go.load(std::memory_order_acquire)) {
                std::this_thread::yield();
            }
            INumbered<0> *shared = (t % 2 == 0) ? a.get() : b.get();
            for (int i = 0; i < rounds; ++i) {
                shared->AddRef();
                void *other = nullptr;
                if (shared->QueryInterface(&ucom::iid_of<INumbered<3>>, &other) != S_OK) {
                    ++failures;
                }
                const ucom::com_ptr<INumbered<0>> copy = (i % 2 == 0) ? a : b; // copies across threads
                void *missing = nullptr;
                if (shared->QueryInterface(&IID_IClassFactory, &missing) != E_NOINTERFACE || missing != nullptr) {
                    ++failures;
                }
                static_cast<INumbered<3> *>(other)->Release();
                shared->Release();
            }
        });
    }
    go.store(true, std::memory_order_release);
    for (std::thread &thread : threads) {
        thread.join();
    }
    CHECK(failures.load() == 0);
    CHECK(test::ref_count(a.get()) == 1);
    CHECK(test::ref_count(b.get()) == 1);
    CHECK(destroyed == 0);
}

TEST_CASE("the last Release on any thread destroys the object exactly once")
{
    for (int trial = 0; trial < 200; ++trial) {
        std::atomic<int> destroyed{0};
        int destroyed_plain = 0;
        INumbered<1> *raw = ucom::make<test::numbered_object<1, 2>>(&destroyed_plain).detach();
        for (int i = 1; i < thread_count; ++i) {
            raw->AddRef();
        }
        std::vector<std::thread> threads;
        threads.reserve(thread_count);
        for (int t = 0; t < thread_count; ++t) {
            threads.emplace_back([raw, &destroyed] {
                if (raw->Release() == 0) {
                    ++destroyed;
                }
            });
        }
        for (std::thread &thread : threads) {
            thread.join();
        }
        REQUIRE(destroyed.load() == 1);
        REQUIRE(destroyed_plain == 1);
    }
}
