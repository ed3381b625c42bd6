// The comparison's workload for Qt: eight plugin interfaces of one method each, declared as
// Qt declares plugin interfaces (Q_DECLARE_INTERFACE), and one more that no object has.
#pragma once

#include <cstdint>

#include <QtPlugin>

template <int K>
class qt_number {
public:
    virtual ~qt_number() = default;
    virtual std::int32_t number() = 0;
};

// Plain names, for moc's Q_INTERFACES and the IIDs qobject_cast compares.
using QtNumber0 = qt_number<0>;
using QtNumber1 = qt_number<1>;
using QtNumber2 = qt_number<2>;
using QtNumber3 = qt_number<3>;
using QtNumber4 = qt_number<4>;
using QtNumber5 = qt_number<5>;
using QtNumber6 = qt_number<6>;
using QtNumber7 = qt_number<7>;
using QtAbsent = qt_number<8>;

Q_DECLARE_INTERFACE(QtNumber0, "ucom.bench.QtNumber0/1.0")
Q_DECLARE_INTERFACE(QtNumber1, "ucom.bench.QtNumber1/1.0")
Q_DECLARE_INTERFACE(QtNumber2, "ucom.bench.QtNumber2/1.0")
Q_DECLARE_INTERFACE(QtNumber3, "ucom.bench.QtNumber3/1.0")
Q_DECLARE_INTERFACE(QtNumber4, "ucom.bench.QtNumber4/1.0")
Q_DECLARE_INTERFACE(QtNumber5, "ucom.bench.QtNumber5/1.0")
Q_DECLARE_INTERFACE(QtNumber6, "ucom.bench.QtNumber6/1.0")
Q_DECLARE_INTERFACE(QtNumber7, "ucom.bench.QtNumber7/1.0")
Q_DECLARE_INTERFACE(QtAbsent, "ucom.bench.QtAbsent/1.0")
