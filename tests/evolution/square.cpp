// Ucom.Test.Square, built from shapes.idl, or from shapes_changed.idl with
// UCOM_TEST_SHAPES_CHANGED, or from shapes_contract_changed.idl with UCOM_TEST_CONTRACT_CHANGED.
#include <cstdint>
#include <string>

#include <ucom/module.hpp>

#if defined(UCOM_TEST_SHAPES_CHANGED)
#include "shapes_changed_impl.hpp"
#elif defined(UCOM_TEST_CONTRACT_CHANGED)
#include "shapes_contract_changed_impl.hpp"
#else
#include "shapes_impl.hpp"
#endif

namespace {

class square : public ucom::implements<square, IShape> {
public:
#ifdef UCOM_TEST_SHAPES_CHANGED
    std::string Name(std::int32_t style) { return style == 0 ? "square" : "SQUARE"; }
#else
    std::string Name() { return "square"; }
#endif
    double Area() { return 4.0; }

    HRESULT Perimeter(std::int32_t count, const double *sides, double *total)
    {
#ifdef UCOM_TEST_CONTRACT_CHANGED
        count *= 2; // what the changed contract says the caller passes
#endif
        *total = 0;
        for (std::int32_t i = 0; i < count; ++i) {
            *total += sides[i];
        }
        return S_OK;
    }
};

} // namespace

UCOM_DEFINE_MODULE(ucom::exported_class<square>(CLSID_Square))
