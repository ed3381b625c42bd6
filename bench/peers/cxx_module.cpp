// The plain C++ module of the comparison (cxx_eight.hpp): dlopen'ed by the benchmark.
#include "cxx_eight.hpp"

namespace {

template <int... K>
class numbers final : public bench::cxx::root, public bench::cxx::number<K>... {
public:
    std::int32_t value() override { return 7; } // overrides every number<K>::value
};

} // namespace

extern "C" __attribute__((visibility("default"))) bench::cxx::number<0> *ucom_bench_cxx_create()
{
    return new numbers<0, 1, 2, 3, 4, 5, 6, 7>();
}

extern "C" __attribute__((visibility("default"))) std::int32_t ucom_bench_cxx_number()
{
    return 7;
}
