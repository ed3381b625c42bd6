// A plugin whose class cannot be created: its constructor fails, as one whose resource is
// missing would. The runtime must report the plugin's own message with the class and file.
#include <ucom/module.hpp>

#include "calculator_impl.hpp"

namespace {

class unavailable_calculator : public ucom::implements<unavailable_calculator, ICalculator2> {
public:
    unavailable_calculator()
    {
        throw ucom::hresult_error(E_ACCESSDENIED, "the calculator's licence file is missing", "Test.Failing");
    }
    HRESULT Add(int32_t, int32_t, int32_t *) { return E_UNEXPECTED; }
    HRESULT Divide(int32_t, int32_t, int32_t *) { return E_UNEXPECTED; }
    HRESULT Multiply(int32_t, int32_t, int32_t *) { return E_UNEXPECTED; }
};

} // namespace

UCOM_DEFINE_MODULE(ucom::exported_class<unavailable_calculator>(CLSID_Calculator))
