<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ru_RU">
<context>
    <name>DatabaseTargetForm</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_target_dialogs.py" line="93" />
        <source>Add a PostgreSQL target</source>
        <translation>Добавить цель PostgreSQL</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_target_dialogs.py" line="95" />
        <source>Database URL</source>
        <translation>URL базы данных</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_target_dialogs.py" line="97" />
        <source>No password in the URL.</source>
        <translation>Без пароля в URL.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_target_dialogs.py" line="100" />
        <source>Schema prefix</source>
        <translation>Префикс схем</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_target_dialogs.py" line="100" />
        <source>the module's name: &lt;prefix&gt;_v1, _v2, …</source>
        <translation>имя модуля: &lt;префикс&gt;_v1, _v2, …</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_target_dialogs.py" line="102" />
        <source>Password in</source>
        <translation>Где пароль</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_target_dialogs.py" line="105" />
        <source>Each version is a schema of its own, listed in the database's catalog. Leave "Password in" empty when the server needs no password.</source>
        <translation>Каждая версия — отдельная схема, записанная в каталог базы данных. Оставьте «Где пароль» пустым, если серверу пароль не нужен.</translation>
    </message>
</context>
<context>
    <name>ErrorView</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="235" />
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../etlx_desktop/ui/models/history_model.py" line="21" />
        <source>Version</source>
        <translation>Версия</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/history_model.py" line="22" />
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/history_model.py" line="23" />
        <source>Rows</source>
        <translation>Строк</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/history_model.py" line="24" />
        <source>Quarantined</source>
        <translation>В карантине</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/history_model.py" line="25" />
        <source>Target</source>
        <translation>Цель</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/history_model.py" line="75" />
        <source>published {when} by run {run}</source>
        <translation>опубликована {when} запуском {run}</translation>
    </message>
</context>
<context>
    <name>OverallProgress</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="81" />
        <source>All tables; rows when their sizes are known, else table by table.</source>
        <translation>Все таблицы: по строкам, если их число известно, иначе по таблицам.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="107" />
        <source>elapsed {duration}</source>
        <translation>прошло {duration}</translation>
    </message>
</context>
<context>
    <name>PreviewController</name>
    <message numerus="yes">
        <location filename="../../etlx_desktop/ui/preview_controller.py" line="40" />
        <source>reading {rows} rows of {table}</source>
        <translation>
            <numerusform>чтение {rows} строки из {table}</numerusform>
            <numerusform>чтение {rows} строк из {table}</numerusform>
            <numerusform>чтение {rows} строк из {table}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/preview_controller.py" line="48" />
        <source>comparing before and after</source>
        <translation>сравнение до и после</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/preview_controller.py" line="52" />
        <source>done</source>
        <translation>готово</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/preview_controller.py" line="154" />
        <source>cancelled</source>
        <translation>отменено</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/preview_controller.py" line="157" />
        <source>computing… {step}</source>
        <translation>вычисление… {step}</translation>
    </message>
</context>
<context>
    <name>PreviewPanel</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="31" />
        <source>(empty text)</source>
        <translation>(пустой текст)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="34" />
        <source>column</source>
        <translation>столбец</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="35" />
        <source>nulls before</source>
        <translation>NULL до</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="36" />
        <source>nulls after</source>
        <translation>NULL после</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="37" />
        <source>distinct before</source>
        <translation>различных до</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="38" />
        <source>distinct after</source>
        <translation>различных после</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="39" />
        <source>min before</source>
        <translation>мин. до</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="40" />
        <source>min after</source>
        <translation>мин. после</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="41" />
        <source>max before</source>
        <translation>макс. до</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="42" />
        <source>max after</source>
        <translation>макс. после</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="56" />
        <source>quarantined</source>
        <translation>в карантине</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="57" />
        <source>dropped</source>
        <translation>отброшено</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="59" />
        <source>changed</source>
        <translation>изменено</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="107" />
        <source>No preview yet</source>
        <translation>Предпросмотра пока нет</translation>
    </message>
    <message numerus="yes">
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="114" />
        <source>{rows} rows</source>
        <translation>
            <numerusform>{rows} строка</numerusform>
            <numerusform>{rows} строки</numerusform>
            <numerusform>{rows} строк</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="117" />
        <source>Filter rows…</source>
        <translation>Фильтр строк…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="136" />
        <source>Sample:</source>
        <translation>Выборка:</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="140" />
        <source>Before — source rows</source>
        <translation>До — строки источника</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="141" />
        <source>After — as the rules would write them</source>
        <translation>После — как их запишут правила</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="145" />
        <source>Column statistics</source>
        <translation>Статистика столбцов</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="187" />
        <source>computing…</source>
        <translation>вычисление…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="192" />
        <source>Preview failed: {reason}</source>
        <translation>Ошибка предпросмотра: {reason}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="205" />
        <source>quarantined: {reason}</source>
        <translation>в карантине: {reason}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="207" />
        <source>dropped by the rules (no reason recorded)</source>
        <translation>отброшена правилами (причина не записана)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="221" />
        <source>{table} — first {rows} rows</source>
        <translation>
            <numerusform>{table} — первая {rows} строка</numerusform>
            <numerusform>{table} — первые {rows} строки</numerusform>
            <numerusform>{table} — первые {rows} строк</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="245" />
        <source>{quarantined} of {rows} rows quarantined</source>
        <translation>
            <numerusform>в карантине {quarantined} из {rows} строки</numerusform>
            <numerusform>в карантине {quarantined} из {rows} строк</numerusform>
            <numerusform>в карантине {quarantined} из {rows} строк</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../etlx_desktop/ui/widgets/preview_panel.py" line="249" />
        <source>{counts} · {dropped} dropped</source>
        <translation>
            <numerusform>{counts} · {dropped} отброшена</numerusform>
            <numerusform>{counts} · {dropped} отброшены</numerusform>
            <numerusform>{counts} · {dropped} отброшено</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PreviewPrivacy</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="43" />
        <source>Figures of the preview sample, not of the whole table: a sample forms smaller classes than the table it comes from.</source>
        <translation>Показатели выборки предпросмотра, а не всей таблицы: в выборке классы меньше, чем в таблице, из которой она взята.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="53" />
        <source>no quasi-identifiers chosen</source>
        <translation>квазиидентификаторы не выбраны</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="55" />
        <source>k not computed: the output has no {columns}</source>
        <translation>k не вычислено: в результате нет {columns}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="61" />
        <source>k: no row of the sample is in a class</source>
        <translation>k: ни одна строка выборки не попала в класс</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="64" />
        <source>{classes} classes of equal quasi-identifiers in {rows} rows.</source>
        <translation>Классов с одинаковыми квазиидентификаторами: {classes}, строк: {rows}.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="69" />
        <source>{rows} rows in classes smaller than {target}.</source>
        <translation>Строк в классах меньше {target}: {rows}.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="74" />
        <source>{rows} rows have every quasi-identifier null.</source>
        <translation>Строк, где все квазиидентификаторы — NULL: {rows}.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="86" />
        <source>k = {k} over {columns}</source>
        <translation>k = {k} по {columns}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="89" />
        <source>k = {k} over {columns} (target {target})</source>
        <translation>k = {k} по {columns} (нужно {target})</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="94" />
        <source>k = {k} over {columns} (target {target}, {classes} classes below; the run generalizes to reach it)</source>
        <translation>k = {k} по {columns} (нужно {target}; классов ниже: {classes}; запуск обобщит)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="101" />
        <source>k = {k} over {columns} (target {target}, {classes} classes below)</source>
        <translation>k = {k} по {columns} (нужно {target}; классов ниже: {classes})</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="115" />
        <source>unique rows {share}%</source>
        <translation>уникальных {share} %</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="116" />
        <source>{unique} of {rows} rows are alone in their class.</source>
        <translation>Строк, единственных в своём классе: {unique} из {rows}.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="126" />
        <source>l = {l} of {column}</source>
        <translation>l = {l} для {column}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="132" />
        <source>{figures} (target {target})</source>
        <translation>{figures} (нужно {target})</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="142" />
        <source>{column} ({method}): {cells} cells equal an original value</source>
        <translation>{column} ({method}): ячеек, равных исходному значению: {cells}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="148" />
        <source>{line}; rows {rows} keep their own value</source>
        <translation>{line}; строки {rows} сохраняют своё значение</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="154" />
        <source>{line} — must be none</source>
        <translation>{line} — их не должно быть</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="160" />
        <source>leak check: no anonymized columns</source>
        <translation>проверка утечек: нет обезличенных столбцов</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="165" />
        <source>leak check: passed</source>
        <translation>утечек не найдено</translation>
    </message>
    <message numerus="yes">
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="169" />
        <source>leak check: {cells} cells leaked in {columns}</source>
        <translation>
            <numerusform>проверка утечек: в {columns} утекла {cells} ячейка</numerusform>
            <numerusform>проверка утечек: в {columns} утекли {cells} ячейки</numerusform>
            <numerusform>проверка утечек: в {columns} утекло {cells} ячеек</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PrivacyStrip</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="228" />
        <source>Privacy of the sample:</source>
        <translation>Приватность выборки:</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/preview_privacy.py" line="248" />
        <source>not computed for this preview</source>
        <translation>не вычислено для этого предпросмотра</translation>
    </message>
</context>
<context>
    <name>ProgressTable</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="122" />
        <source>Table</source>
        <translation>Таблица</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="123" />
        <source>Stage</source>
        <translation>Этап</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="124" />
        <source>Rows</source>
        <translation>Строки</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="125" />
        <source>Progress</source>
        <translation>Ход</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="126" />
        <source>Rows/s</source>
        <translation>Строк/с</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="148" />
        <source>waiting</source>
        <translation>ожидание</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="163" />
        <source>done</source>
        <translation>готово</translation>
    </message>
</context>
<context>
    <name>QuasiIdentifierPicker</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/quasi_identifier_picker.py" line="103" />
        <source>Quasi-identifiers…</source>
        <translation>Квазиидентификаторы…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/quasi_identifier_picker.py" line="104" />
        <source>The columns that together could single a person out</source>
        <translation>Столбцы, по которым вместе можно выделить конкретного человека</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/quasi_identifier_picker.py" line="109" />
        <source>Reset to defaults</source>
        <translation>Вернуть по умолчанию</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="94" />
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="95" />
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="122" />
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="129" />
        <source>Table</source>
        <translation>Таблица</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="122" />
        <source>Read</source>
        <translation>Прочитано</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="122" />
        <source>Written</source>
        <translation>Записано</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="122" />
        <source>Quarantined</source>
        <translation>В карантине</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="123" />
        <source>Dropped</source>
        <translation>Отброшено</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="123" />
        <source>Time (s)</source>
        <translation>Время (с)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="124" />
        <source>Target</source>
        <translation>Цель</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="124" />
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="124" />
        <source>Version</source>
        <translation>Версия</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="124" />
        <source>Location</source>
        <translation>Расположение</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="129" />
        <source>k required</source>
        <translation>Нужное k</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="129" />
        <source>Rows below k</source>
        <translation>Строк ниже k</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="130" />
        <source>Leak checks passed</source>
        <translation>Без утечек</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="130" />
        <source>Joins kept</source>
        <translation>Связи целы</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="133" />
        <source>Tables</source>
        <translation>Таблицы</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="134" />
        <source>Published</source>
        <translation>Опубликовано</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="135" />
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="176" />
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="186" />
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="208" />
        <source>Warnings</source>
        <translation>Предупреждения</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="136" />
        <source>Privacy</source>
        <translation>Приватность</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="137" />
        <source>Copy report as JSON</source>
        <translation>Копировать отчёт как JSON</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="175" />
        <source>The catalog does not keep a run's warnings.</source>
        <translation>Каталог не хранит предупреждения запуска.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="205" />
        <source>No warnings: no drift, no privacy or key-change notes.</source>
        <translation>Предупреждений нет: ни расхождений со схемой, ни замечаний о приватности или смене ключей.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/report_view.py" line="207" />
        <source>Warnings ({count})</source>
        <translation>Предупреждения ({count})</translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_history.py" line="62" />
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_history.py" line="67" />
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_history.py" line="68" />
        <source>Read the targets' catalogs again.</source>
        <translation>Прочитать каталоги целей заново.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_history.py" line="148" />
        <source>Check a target to see the versions it holds.</source>
        <translation>Отметьте цель, чтобы увидеть её версии.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_history.py" line="157" />
        <source>Reading the versions in {targets}…</source>
        <translation>Чтение версий в {targets}…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_history.py" line="186" />
        <source>No versions yet. A successful run publishes version 1.</source>
        <translation>Версий пока нет. Успешный запуск опубликует версию 1.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_history.py" line="193" />
        <source>Cannot read the history: {reason}</source>
        <translation>Не удалось прочитать историю: {reason}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../etlx_desktop/ui/widgets/run_history.py" line="224" />
        <source>{target}: %n older versions not listed</source>
        <translation>
            <numerusform>{target}: %n более старая версия не показана</numerusform>
            <numerusform>{target}: %n более старые версии не показаны</numerusform>
            <numerusform>{target}: %n более старых версий не показано</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunLog</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_log.py" line="66" />
        <source>What the run does appears here, line by line.</source>
        <translation>Здесь построчно появляется ход запуска.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_log.py" line="90" />
        <source>run</source>
        <translation>запуск</translation>
    </message>
</context>
<context>
    <name>RunOutcome</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_outcome.py" line="22" />
        <source>Run the module to publish a new version of it to the checked targets; its report shows here. Select a version under History to see what its run published.</source>
        <translation>Запустите модуль, чтобы опубликовать его новую версию в отмеченные цели; здесь появится отчёт запуска. Выберите версию в «Истории», чтобы увидеть, что опубликовал её запуск.</translation>
    </message>
</context>
<context>
    <name>RunPanel</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="43" />
        <source>cancelled — targets left as they were</source>
        <translation>отменён — цели оставлены как были</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="85" />
        <source> rows</source>
        <translation> строк</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="87" />
        <source>Rows read and processed at a time; memory grows with it.</source>
        <translation>Сколько строк читается и обрабатывается за раз; чем больше, тем больше нужно памяти.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="89" />
        <source>Run</source>
        <translation>Запустить</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="91" />
        <source>Cancel</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="128" />
        <source>Targets</source>
        <translation>Цели</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="130" />
        <source>Chunk size</source>
        <translation>Размер порции</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="193" />
        <source>Cancelling after the current chunk…</source>
        <translation>Отмена после текущей порции…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="223" />
        <source>Running {module}: preparing (reading sources, checks)…</source>
        <translation>Запуск {module}: подготовка (чтение источников, проверки)…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="225" />
        <source>the module's targets</source>
        <translation>цели модуля</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="226" />
        <source>Run {number} of {module} to {targets}, {rows} rows a chunk</source>
        <translation>Запуск {number} модуля {module} в {targets}, по {rows} строк в порции</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="254" />
        <source>Running {module}: table {position} of {tables}, {table}…</source>
        <translation>Запуск {module}: таблица {position} из {tables}, {table}…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="266" />
        <source>Running {module}: publishing to {target}…</source>
        <translation>Запуск {module}: публикация в {target}…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="268" />
        <source>Running {module}: {stage}…</source>
        <translation>Запуск {module}: {stage}…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="283" />
        <source>Failed after {duration}.</source>
        <translation>Запуск прерван ошибкой через {duration}.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="285" />
        <source>Failed: {message}</source>
        <translation>Ошибка: {message}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="295" />
        <source>Run {cancelled}.</source>
        <translation>Запуск {cancelled}.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="307" />
        <source>version {version} to {target}</source>
        <translation>версия {version} в {target}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="312" />
        <source>published {versions}</source>
        <translation>опубликовано: {versions}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="314" />
        <source>nothing published</source>
        <translation>ничего не опубликовано</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="318" />
        <source>Succeeded in {duration} (Cancel came too late to stop it): {published}.</source>
        <translation>Готово за {duration} (отмена пришла слишком поздно, чтобы остановить запуск) — {published}.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="321" />
        <source>Succeeded in {duration}: {published}.</source>
        <translation>Готово за {duration} — {published}.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="337" />
        <source>Check at least one target to run the module.</source>
        <translation>Отметьте хотя бы одну цель, чтобы запустить модуль.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="339" />
        <source>Add a target (Add target…) to say where the module's versions go.</source>
        <translation>Добавьте цель («Добавить цель…»), чтобы указать, куда публиковать версии модуля.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="356" />
        <source>Cannot change the targets: {reason}.</source>
        <translation>Не удалось изменить цели: {reason}.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="365" />
        <source>Cannot read that version's report: {reason}</source>
        <translation>Не удалось прочитать отчёт этой версии: {reason}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="371" />
        <source>No module open.</source>
        <translation>Модуль не открыт.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../etlx_desktop/ui/widgets/run_panel.py" line="373" />
        <source>Module {module}: %n tables</source>
        <translation>
            <numerusform>Модуль {module}: %n таблица</numerusform>
            <numerusform>Модуль {module}: %n таблицы</numerusform>
            <numerusform>Модуль {module}: %n таблиц</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunProgress</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="49" />
        <source>{seconds} s</source>
        <translation>{seconds} с</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="62" />
        <source>almost done</source>
        <translation>почти готово</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="64" />
        <source>at least {duration} left</source>
        <translation>осталось не меньше {duration}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="66" />
        <source>about {duration} left</source>
        <translation>осталось около {duration}</translation>
    </message>
</context>
<context>
    <name>RunStage</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="30" />
        <source>prepare</source>
        <translation>подготовка</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="31" />
        <source>extract</source>
        <translation>извлечение</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="32" />
        <source>rules</source>
        <translation>правила</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="33" />
        <source>transform</source>
        <translation>преобразование</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="34" />
        <source>anonymize</source>
        <translation>обезличивание</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="35" />
        <source>load</source>
        <translation>загрузка</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_progress.py" line="36" />
        <source>publish</source>
        <translation>публикация</translation>
    </message>
</context>
<context>
    <name>RunTargets</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_targets.py" line="71" />
        <source>Folder…</source>
        <translation>Папка…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_targets.py" line="72" />
        <source>PostgreSQL database…</source>
        <translation>База данных PostgreSQL…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_targets.py" line="73" />
        <source>S3 bucket…</source>
        <translation>Бакет S3…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_targets.py" line="75" />
        <source>Add target…</source>
        <translation>Добавить цель…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_targets.py" line="78" />
        <source>Remove target</source>
        <translation>Удалить цель</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_targets.py" line="80" />
        <source>Take the selected target out of the module (undoable).</source>
        <translation>Убрать выбранную цель из модуля (можно отменить).</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_targets.py" line="155" />
        <source>no module is open</source>
        <translation>модуль не открыт</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_targets.py" line="165" />
        <source>Folder for the module's versions</source>
        <translation>Папка для версий модуля</translation>
    </message>
</context>
<context>
    <name>S3TargetForm</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_target_dialogs.py" line="118" />
        <source>Add an S3 target</source>
        <translation>Добавить цель S3</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_target_dialogs.py" line="119" />
        <source>Bucket and prefix</source>
        <translation>Бакет и префикс</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_target_dialogs.py" line="121" />
        <source>Endpoint URL</source>
        <translation>URL сервера (endpoint)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_target_dialogs.py" line="121" />
        <source>empty for AWS; http://127.0.0.1:8333, …</source>
        <translation>пусто для AWS; http://127.0.0.1:8333, …</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_target_dialogs.py" line="123" />
        <source>Region</source>
        <translation>Регион</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_target_dialogs.py" line="125" />
        <source>Path-style addressing (most self-hosted servers need it)</source>
        <translation>Адресация path-style (для своих серверов)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_target_dialogs.py" line="128" />
        <source>Keys in</source>
        <translation>Где ключи</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_target_dialogs.py" line="129" />
        <source>The secret named in "Keys in" holds ACCESS_KEY_ID:SECRET_ACCESS_KEY.</source>
        <translation>Секрет, названный в «Где ключи», содержит ACCESS_KEY_ID:SECRET_ACCESS_KEY.</translation>
    </message>
</context>
<context>
    <name>TargetForm</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_target_dialogs.py" line="28" />
        <source>Name of the environment variable that holds it (or keyring:SERVICE/NAME, file:PATH). The module keeps only this name; a run reads the secret when it starts.</source>
        <translation>Имя переменной окружения, в которой он хранится (или keyring:SERVICE/NAME, file:PATH). Модуль хранит только это имя; запуск читает секрет, когда начинается.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/run_target_dialogs.py" line="82" />
        <source>Cannot add this target: {reason}.</source>
        <translation>Не удалось добавить цель: {reason}.</translation>
    </message>
</context>
<context>
    <name>TaskQueue</name>
    <message>
        <location filename="../../etlx_desktop/ui/run_worker.py" line="133" />
        <source>unknown error</source>
        <translation>неизвестная ошибка</translation>
    </message>
</context>
</TS>