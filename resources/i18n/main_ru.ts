<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ru_RU">
<context>
    <name>ConnectionsController</name>
    <message>
        <location filename="../../etlx_desktop/ui/connections_controller.py" line="111" />
        <source>Master password</source>
        <translation>Мастер-пароль</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../etlx_desktop/ui/errors.py" line="28" />
        <source>unknown error</source>
        <translation>неизвестная ошибка</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/errors.py" line="63" />
        <source>Something went wrong</source>
        <translation>Что-то пошло не так</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="40" />
        <source>Data modules (*.jsonld *.json);;All files (*)</source>
        <translation>Модули данных (*.jsonld *.json);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="67" />
        <source>Connections</source>
        <translation>Подключения</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="72" />
        <source>Preview</source>
        <translation>Предпросмотр</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="75" />
        <source>Run</source>
        <translation>Запуск</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="87" />
        <source>Running…</source>
        <translation>Идёт запуск…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="118" />
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="120" />
        <source>&amp;New module</source>
        <translation>&amp;Новый модуль</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="123" />
        <source>&amp;Open…</source>
        <translation>&amp;Открыть…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="125" />
        <source>Open &amp;recent</source>
        <translation>Открыть &amp;недавние</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="126" />
        <source>&amp;Save</source>
        <translation>&amp;Сохранить</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="128" />
        <source>Save &amp;as…</source>
        <translation>Сохранить &amp;как…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="131" />
        <source>&amp;Export metadata (.jsonld)…</source>
        <translation>&amp;Экспорт метаданных (.jsonld)…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="135" />
        <source>&amp;Connections…</source>
        <translation>П&amp;одключения…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="140" />
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="141" />
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="142" />
        <source>&amp;Undo</source>
        <translation>&amp;Отменить</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="144" />
        <source>&amp;Redo</source>
        <translation>&amp;Повторить</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="147" />
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="149" />
        <source>&amp;Dark theme</source>
        <translation>&amp;Тёмная тема</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="154" />
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="158" />
        <source>&amp;Run</source>
        <translation>&amp;Запуск</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="159" />
        <source>&amp;Run module</source>
        <translation>&amp;Запустить модуль</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="160" />
        <source>&amp;Cancel run</source>
        <translation>&amp;Прервать запуск</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="162" />
        <source>Re&amp;fresh preview</source>
        <translation>О&amp;бновить предпросмотр</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="164" />
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="165" />
        <source>&amp;About ETL-Express Desktop</source>
        <translation>&amp;О программе ETL-Express Desktop</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="170" />
        <source>As the system</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="204" />
        <source>unreadable</source>
        <translation>не читается</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="205" />
        <source>Cannot open module</source>
        <translation>Не удаётся открыть модуль</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="210" />
        <source>Opened {path}</source>
        <translation>Открыт {path}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="221" />
        <source>Open module</source>
        <translation>Открыть модуль</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="230" />
        <source>Saved {path}</source>
        <translation>Сохранено: {path}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="236" />
        <source>Save module as</source>
        <translation>Сохранить модуль как</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="249" />
        <source>Export metadata</source>
        <translation>Экспорт метаданных</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="251" />
        <source>JSON-LD (*.jsonld)</source>
        <translation>JSON-LD (*.jsonld)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="259" />
        <source>Exported {path}</source>
        <translation>Экспортировано: {path}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="273" />
        <source>Unsaved changes</source>
        <translation>Несохранённые изменения</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="274" />
        <source>Save the changes to {name}?</source>
        <translation>Сохранить изменения в {name}?</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="289" />
        <source>A run is in progress</source>
        <translation>Идёт запуск</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="290" />
        <source>Cancel the run and close? Every target is left exactly as it was.</source>
        <translation>Прервать запуск и закрыть окно? Все цели публикации останутся в точности как были.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="298" />
        <source>{title} — ETL-Express Desktop</source>
        <translation>{title} — ETL-Express Desktop</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="317" />
        <source>Made a new anonymization key for this module (see keyRef); keep it safe: the same key gives the same pseudonyms in every version.</source>
        <translation>Для модуля создан новый ключ обезличивания (см. keyRef); храните его надёжно: один и тот же ключ даёт одни и те же псевдонимы во всех версиях.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="331" />
        <source>Drafting {table}…</source>
        <translation>Чтение структуры {table}…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="338" />
        <source>Cannot add {table}: {reason}</source>
        <translation>Не удаётся добавить {table}: {reason}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="345" />
        <source>Added table {table}</source>
        <translation>Добавлена таблица {table}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="350" />
        <location filename="../../etlx_desktop/ui/main_window.py" line="354" />
        <source>Cannot add the table</source>
        <translation>Не удаётся добавить таблицу</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="365" />
        <source>The language changes when ETL-Express Desktop starts again.</source>
        <translation>Язык сменится при следующем запуске ETL-Express Desktop.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="370" />
        <source>Run succeeded</source>
        <translation>Запуск завершён успешно</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="371" />
        <source>Run failed</source>
        <translation>Запуск завершился ошибкой</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="372" />
        <source>Run cancelled</source>
        <translation>Запуск прерван</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="385" />
        <source>About ETL-Express Desktop</source>
        <translation>О программе ETL-Express Desktop</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/main_window.py" line="387" />
        <source>&lt;b&gt;ETL-Express Desktop&lt;/b&gt; {version}&lt;br&gt;Describe, clean, anonymize and publish versioned data modules.</source>
        <translation>&lt;b&gt;ETL-Express Desktop&lt;/b&gt; {version}&lt;br&gt;Описание, очистка, обезличивание и публикация версий модулей данных.</translation>
    </message>
</context>
<context>
    <name>ModuleProperties</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/module_properties.py" line="27" />
        <source>The name others open the module's versions by: a-z, 0-9, - and _.</source>
        <translation>Имя, по которому другие открывают версии модуля: a-z, 0-9, - и _.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/module_properties.py" line="30" />
        <source>env:NAME, keyring:SERVICE/NAME or file:PATH</source>
        <translation>env:ИМЯ, keyring:СЛУЖБА/ИМЯ или file:ПУТЬ</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/module_properties.py" line="34" />
        <source>Where the anonymization key is kept. The same key gives the same pseudonyms in every version; the key itself never goes into the module.</source>
        <translation>Где хранится ключ обезличивания. Один и тот же ключ даёт одни и те же псевдонимы во всех версиях; сам ключ в модуль никогда не попадает.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/module_properties.py" line="42" />
        <source>&amp;Identifier</source>
        <translation>&amp;Идентификатор</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/module_properties.py" line="42" />
        <source>&amp;Title</source>
        <translation>&amp;Название</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/module_properties.py" line="42" />
        <source>&amp;Description</source>
        <translation>&amp;Описание</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/module_properties.py" line="43" />
        <source>Anonymization &amp;key</source>
        <translation>&amp;Ключ обезличивания</translation>
    </message>
</context>
<context>
    <name>PreviewDemo</name>
    <message>
        <location filename="../../etlx_desktop/ui/preview_demo.py" line="36" />
        <source>ETL-Express preview — {table}</source>
        <translation>Предпросмотр ETL-Express — {table}</translation>
    </message>
</context>
<context>
    <name>TableAdder</name>
    <message>
        <location filename="../../etlx_desktop/ui/table_adder.py" line="69" />
        <source>Reading {table}…</source>
        <translation>Чтение {table}…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/table_adder.py" line="96" />
        <source>Cannot add {table}: {reason}</source>
        <translation>Не удаётся добавить {table}: {reason}</translation>
    </message>
</context>
</TS>