// The C++ virtual-call and atomic-pair baselines, defined away from their callers.
#include "baselines.hpp"

#include <atomic>

namespace bench {
namespace {

class fixed_number final : public virtual_number {
public:
    HRESULT number(int32_t *value) override
    {
        *value = 7;
        return S_OK;
    }
};

} // namespace

virtual_number *make_virtual_number()
{
    return new fixed_number();
}

void atomic_pair(benchmark::State &state)
{
    std::atomic<ULONG> count{1};
    for (auto _ : state) {
        benchmark::DoNotOptimize(count.fetch_add(1, std::memory_order_relaxed));
        benchmark::DoNotOptimize(count.fetch_sub(1, std::memory_order_acq_rel));
    }
}

} // namespace bench
