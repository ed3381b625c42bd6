// Ucom.Test.Square, built from shapes.idl, or from shapes_changed.idl with UCOM_TEST_SHAPES_CHANGED.
#include <cstdint>
#include <string>

#include <ucom/module.hpp>

#ifdef UCOM_TEST_SHAPES_CHANGED
#include "shapes_changed_impl.hpp"
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
};

} // namespace

UCOM_DEFINE_MODULE(ucom::exported_class<square>(CLSID_Square))
