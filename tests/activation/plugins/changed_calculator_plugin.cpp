// The calculator rebuilt from calculator_changed.idl: same CLSID and IIDs, another layout.
#include <ucom/module.hpp>

#include "calculator_changed_impl.hpp"

namespace {

class changed_calculator : public ucom::implements<changed_calculator, ICalculator2> {
public:
    HRESULT Add(int32_t a, int32_t b, int32_t *sum) { return (*sum = a + b), S_OK; }
    HRESULT Divide(int32_t a, int32_t b, int32_t *quotient) { return b == 0 ? E_INVALIDARG : ((*quotient = a / b), S_OK); }
    HRESULT Multiply(int64_t a, int64_t b, int64_t *product) { return (*product = a * b), S_OK; }
};

} // namespace

UCOM_DEFINE_MODULE(ucom::exported_class<changed_calculator>(CLSID_Calculator))
