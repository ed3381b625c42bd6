// The comparison's UNO component: ucombench.Eight answers the eight interfaces of
// numbers.idl. Debian 12's SDK headers have no variadic cppu::WeakImplHelper<...>
// (cppuhelper/implbase.hxx), so it uses the fixed-arity WeakImplHelper8, which does the same.
#include <com/sun/star/uno/Sequence.hxx>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/implbase8.hxx>
#include <ucombench/XNumber0.hpp>
#include <ucombench/XNumber1.hpp>
#include <ucombench/XNumber2.hpp>
#include <ucombench/XNumber3.hpp>
#include <ucombench/XNumber4.hpp>
#include <ucombench/XNumber5.hpp>
#include <ucombench/XNumber6.hpp>
#include <ucombench/XNumber7.hpp>

namespace {

class eight : public cppu::WeakImplHelper8<ucombench::XNumber0, ucombench::XNumber1, ucombench::XNumber2,
                                           ucombench::XNumber3, ucombench::XNumber4, ucombench::XNumber5,
                                           ucombench::XNumber6, ucombench::XNumber7> {
public:
    sal_Int32 SAL_CALL number0() override { return 0; }
    sal_Int32 SAL_CALL number1() override { return 1; }
    sal_Int32 SAL_CALL number2() override { return 2; }
    sal_Int32 SAL_CALL number3() override { return 3; }
    sal_Int32 SAL_CALL number4() override { return 4; }
    sal_Int32 SAL_CALL number5() override { return 5; }
    sal_Int32 SAL_CALL number6() override { return 6; }
    sal_Int32 SAL_CALL number7() override { return 7; }
};

} // namespace

// The constructor services.rdb names: the service manager calls it for each new instance.
extern "C" SAL_DLLPUBLIC_EXPORT css::uno::XInterface *
ucombench_Eight_get_implementation(css::uno::XComponentContext *, const css::uno::Sequence<css::uno::Any> &)
{
    return cppu::acquire(new eight());
}
