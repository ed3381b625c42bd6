// The comparison's ucom plugin: Bench.Eight, eight interfaces of one method each
// (eight.idl), written as a component author writes one.
#include <cstdint>

#include <ucom/module.hpp>

#include "eight_impl.hpp"

namespace {

class eight : public ucom::implements<eight, IEight0, IEight1, IEight2, IEight3, IEight4, IEight5, IEight6, IEight7> {
public:
    std::int32_t Number0() { return 0; }
    std::int32_t Number1() { return 1; }
    std::int32_t Number2() { return 2; }
    std::int32_t Number3() { return 3; }
    std::int32_t Number4() { return 4; }
    std::int32_t Number5() { return 5; }
    std::int32_t Number6() { return 6; }
    std::int32_t Number7() { return 7; }
};

} // namespace

UCOM_DEFINE_MODULE(ucom::exported_class<eight>(CLSID_Eight))
