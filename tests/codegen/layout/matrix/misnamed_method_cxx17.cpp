// Must not compile: the class spells ICalculator's Add as "Ad". The generated glue's
// static_assert names the interface and the method before any template backtrace.
#include <cstdint>

#include "calculator_impl.hpp"

namespace {

class misnamed : public ucom::implements<misnamed, ICalculator2> {
public:
    HRESULT Ad(int32_t a, int32_t b, int32_t *sum) { return *sum = a + b, S_OK; }
    HRESULT Divide(int32_t a, int32_t b, int32_t *quotient) { return *quotient = a / b, S_OK; }
    HRESULT Multiply(int32_t a, int32_t b, int32_t *product) { return *product = a * b, S_OK; }
};

} // namespace

int main()
{
    auto object = ucom::make<misnamed>();
    return object ? 0 : 1;
}
