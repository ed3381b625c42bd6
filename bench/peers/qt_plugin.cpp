// The comparison's Qt plugin: the root object QPluginLoader::instance() returns answers the
// eight interfaces of qt_eight.hpp.
#include <QObject>

#include "qt_eight.hpp"

class QtEight : public QObject,
                public QtNumber0,
                public QtNumber1,
                public QtNumber2,
                public QtNumber3,
                public QtNumber4,
                public QtNumber5,
                public QtNumber6,
                public QtNumber7 {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "ucom.bench.QtNumber0/1.0")
    Q_INTERFACES(QtNumber0 QtNumber1 QtNumber2 QtNumber3 QtNumber4 QtNumber5 QtNumber6 QtNumber7)

public:
    std::int32_t number0() override { return 0; }
    std::int32_t number1() override { return 1; }
    std::int32_t number2() override { return 2; }
    std::int32_t number3() override { return 3; }
    std::int32_t number4() override { return 4; }
    std::int32_t number5() override { return 5; }
    std::int32_t number6() override { return 6; }
    std::int32_t number7() override { return 7; }
};

#include "qt_plugin.moc"
