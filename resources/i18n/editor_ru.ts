<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>ColumnsDelegate</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_delegates.py" line="29"/>
        <source>a, b, c</source>
        <translation>а, б, в</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_delegates.py" line="33"/>
        <source>Comma-separated; numbers for numeric columns</source>
        <translation>Через запятую; для числовых столбцов — числа</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_delegates.py" line="36"/>
        <source>A regular expression every value must match; empty for none</source>
        <translation>Регулярное выражение, которому должно соответствовать каждое значение; пусто — без проверки</translation>
    </message>
</context>
<context>
    <name>ColumnsGrid</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="35"/>
        <source>— none —</source>
        <translation>— нет —</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="56"/>
        <source>Key</source>
        <translation>Ключ</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="57"/>
        <source>Column</source>
        <translation>Столбец</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="58"/>
        <source>Personal data</source>
        <translation>Персональные данные</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="59"/>
        <source>Anonymization</source>
        <translation>Обезличивание</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="60"/>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="61"/>
        <source>Nulls</source>
        <translation>Обработка NULL</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="62"/>
        <source>Range</source>
        <translation>Диапазон</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="63"/>
        <source>Allowed values</source>
        <translation>Допустимые значения</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="64"/>
        <source>Pattern</source>
        <translation>Шаблон</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="67"/>
        <source>A red mark: the column holds personal data but no rule protects it</source>
        <translation>Красная метка: в столбце персональные данные, но их не защищает ни одно правило</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="70"/>
        <source>PK: primary key; FK: foreign key, with the key it references and how it follows that key&apos;s anonymization (keyHandling)</source>
        <translation>PK — первичный ключ; FK — внешний ключ, с ключом, на который он ссылается, и тем, как он следует обезличиванию этого ключа (keyHandling)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="75"/>
        <source>DPV personal-data category</source>
        <translation>Категория персональных данных по DPV</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="76"/>
        <source>Anonymization method and its parameters (edit them in the side panel)</source>
        <translation>Метод обезличивания и его параметры (изменяются на боковой панели)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="79"/>
        <source>The only values allowed, comma-separated</source>
        <translation>Единственно допустимые значения, через запятую</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="80"/>
        <source>A regular expression every value must match</source>
        <translation>Регулярное выражение, которому должно соответствовать каждое значение</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="175"/>
        <source>Set the range of {column}</source>
        <translation>Задать диапазон столбца {column}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="185"/>
        <source>the marker column cannot be edited</source>
        <translation>столбец метки нельзя изменить</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_cells.py" line="187"/>
        <source>the {header} column cannot be edited</source>
        <translation>столбец «{header}» нельзя изменить</translation>
    </message>
</context>
<context>
    <name>ColumnsModel</name>
    <message>
        <location filename="../../etlx_desktop/ui/models/columns_model.py" line="36"/>
        <source>personal data left unprotected</source>
        <translation>персональные данные не защищены</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/columns_model.py" line="121"/>
        <source>Primary key</source>
        <translation>Первичный ключ</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/columns_model.py" line="131"/>
        <source>Foreign key to {column}; keyHandling {handling}</source>
        <translation>Внешний ключ на {column}; keyHandling {handling}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/columns_model.py" line="212"/>
        <source>inherits {column}</source>
        <translation>наследует {column}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/columns_model.py" line="226"/>
        <source>Read as null: {values}</source>
        <translation>Читается как NULL: {values}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/columns_model.py" line="235"/>
        <source>No rule of its own: the foreign key takes the rule of {column}, so joins still work</source>
        <translation>Своего правила нет: внешний ключ берёт правило {column}, поэтому соединения по-прежнему работают</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/columns_model.py" line="239"/>
        <source>No anonymization</source>
        <translation>Без обезличивания</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/columns_model.py" line="244"/>
        <source>Key domain: {domain}</source>
        <translation>Домен ключа: {domain}</translation>
    </message>
</context>
<context>
    <name>EditorValues</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_values.py" line="25"/>
        <source>min – max, e.g. 0 – 100 or 1900-01-01 – 2030-12-31; leave a side empty for no bound</source>
        <translation>мин – макс, например 0 – 100 или 1900-01-01 – 2030-12-31; оставьте сторону пустой, чтобы не ограничивать её</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_values.py" line="65"/>
        <source>&apos;{text}&apos; is not a number</source>
        <translation>«{text}» — не число</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_values.py" line="68"/>
        <source>&apos;{text}&apos; is not a finite number</source>
        <translation>«{text}» — не конечное число</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_values.py" line="93"/>
        <source>item {index} of the list is empty</source>
        <translation>элемент {index} списка пуст</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_values.py" line="124"/>
        <source>write the range as {hint}</source>
        <translation>запишите диапазон так: {hint}</translation>
    </message>
</context>
<context>
    <name>FrameModel</name>
    <message>
        <location filename="../../etlx_desktop/ui/models/frame_model.py" line="194"/>
        <source>source row {row}</source>
        <translation>строка источника {row}</translation>
    </message>
</context>
<context>
    <name>MappingTable</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_mapping.py" line="30"/>
        <source>From</source>
        <translation>Исходное</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_mapping.py" line="30"/>
        <source>To</source>
        <translation>Новое</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_mapping.py" line="37"/>
        <source>Add row</source>
        <translation>Добавить строку</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_mapping.py" line="38"/>
        <source>Remove row</source>
        <translation>Удалить строку</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_mapping.py" line="60"/>
        <source>row {row} has a value but no key</source>
        <translation>в строке {row} есть значение, но нет ключа</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_mapping.py" line="62"/>
        <source>&apos;{key}&apos; is mapped twice</source>
        <translation>«{key}» сопоставлен дважды</translation>
    </message>
</context>
<context>
    <name>ModuleEditor</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/module_editor.py" line="138"/>
        <source>Module</source>
        <translation>Модуль</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/module_editor.py" line="135"/>
        <source>Columns</source>
        <translation>Столбцы</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/module_editor.py" line="136"/>
        <source>Scripts</source>
        <translation>Скрипты</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/module_editor.py" line="137"/>
        <source>JSON-LD</source>
        <translation>JSON-LD</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/module_editor.py" line="227"/>
        <source>// This module cannot be saved: {error}</source>
        <translation>// Этот модуль данных нельзя сохранить: {error}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../etlx_desktop/ui/widgets/module_editor.py" line="307"/>
        <source>%n column(s) left unprotected</source>
        <translation>
            <numerusform>%n столбец не защищён</numerusform>
            <numerusform>%n столбца не защищены</numerusform>
            <numerusform>%n столбцов не защищены</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/module_editor.py" line="382"/>
        <source>unknown error</source>
        <translation>неизвестная ошибка</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/module_editor.py" line="383"/>
        <source>The scan failed: {error}</source>
        <translation>Поиск персональных данных не удался: {error}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/module_editor.py" line="390"/>
        <source>{column} is no longer in the module.</source>
        <translation>Столбца {column} больше нет в модуле данных.</translation>
    </message>
</context>
<context>
    <name>ParamField</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_fields.py" line="32"/>
        <source>comma-separated, e.g. city, gender</source>
        <translation>через запятую, например city, gender</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_fields.py" line="33"/>
        <source>comma-separated numbers, e.g. 0, 18, 65</source>
        <translation>числа через запятую, например 0, 18, 65</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_fields.py" line="36"/>
        <source>a number, true/false or text (&quot;3&quot; for the text 3)</source>
        <translation>число, true/false или текст (&quot;3&quot; — текст 3)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_fields.py" line="47"/>
        <source>default: (empty)</source>
        <translation>по умолчанию: (пусто)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_fields.py" line="48"/>
        <source>default: {value}</source>
        <translation>по умолчанию: {value}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_fields.py" line="50"/>
        <source>required</source>
        <translation>обязательный</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_fields.py" line="51"/>
        <source>not set</source>
        <translation>не задан</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_fields.py" line="211"/>
        <source>{value} (unknown)</source>
        <translation>{value} (неизвестное значение)</translation>
    </message>
</context>
<context>
    <name>ParamRow</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_param_row.py" line="33"/>
        <source>Required.</source>
        <translation>Обязательный параметр.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_param_row.py" line="35"/>
        <source>Reset</source>
        <translation>Сбросить</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_param_row.py" line="37"/>
        <source>Remove the parameter, so its default applies</source>
        <translation>Удалить параметр, чтобы действовало значение по умолчанию</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_param_row.py" line="74"/>
        <source>{name} {problem} Not applied.</source>
        <translation>{name}: {problem} Не применено.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_param_row.py" line="78"/>
        <source>{name} {problem}</source>
        <translation>{name}: {problem}</translation>
    </message>
</context>
<context>
    <name>ParameterEditor</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/parameter_editor.py" line="43"/>
        <source>Columns sharing a key domain turn equal values into equal pseudonyms, so keys still join.</source>
        <translation>Столбцы с общим доменом ключа превращают равные значения в равные псевдонимы, так что ключи по-прежнему соединяются.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/parameter_editor.py" line="69"/>
        <source>— none —</source>
        <translation>— нет —</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/parameter_editor.py" line="79"/>
        <source>Anonymization method</source>
        <translation>Метод обезличивания</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/parameter_editor.py" line="150"/>
        <source>No column selected</source>
        <translation>Столбец не выбран</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/parameter_editor.py" line="151"/>
        <source>Select a column to edit its anonymization rule.</source>
        <translation>Выберите столбец, чтобы изменить его правило обезличивания.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/parameter_editor.py" line="172"/>
        <source>This method has no parameters.</source>
        <translation>У этого метода нет параметров.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/parameter_editor.py" line="178"/>
        <source>e.g. shop.customer</source>
        <translation>например, shop.customer</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/parameter_editor.py" line="178"/>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/parameter_editor.py" line="189"/>
        <source>key domain</source>
        <translation>домен ключа</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/parameter_editor.py" line="251"/>
        <source>cannot be read: {error}.</source>
        <translation>не читается: {error}.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/parameter_editor.py" line="255"/>
        <source>is required.</source>
        <translation>обязательный параметр.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/parameter_editor.py" line="277"/>
        <source>is required by method &apos;{method}&apos;.</source>
        <translation>требуется для метода «{method}».</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/parameter_editor.py" line="301"/>
        <source>&apos;{method}&apos; is not a known method.</source>
        <translation>«{method}» — неизвестный метод.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/parameter_editor.py" line="306"/>
        <source>No rule of its own: this foreign key takes the rule of {column} (keyHandling inherit), so it still joins.</source>
        <translation>Своего правила нет: этот внешний ключ берёт правило {column} (keyHandling inherit), поэтому соединение сохраняется.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/parameter_editor.py" line="312"/>
        <source>No anonymization: the values are copied as they are.</source>
        <translation>Без обезличивания: значения копируются как есть.</translation>
    </message>
</context>
<context>
    <name>ProblemsPane</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/problems_pane.py" line="92"/>
        <location filename="../../etlx_desktop/ui/widgets/problems_pane.py" line="130"/>
        <source>(document)</source>
        <translation>(документ)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/problems_pane.py" line="102"/>
        <source>Problems</source>
        <translation>Проблемы</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/problems_pane.py" line="119"/>
        <source>Problems — {errors}, {warnings}</source>
        <translation>Проблемы — {errors}, {warnings}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/problems_pane.py" line="129"/>
        <source>error</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/problems_pane.py" line="129"/>
        <source>warning</source>
        <translation>предупреждение</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/problems_pane.py" line="135"/>
        <source>No problems: the module can be saved and run.</source>
        <translation>Проблем нет: модуль данных можно сохранить и запустить.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/problems_pane.py" line="142"/>
        <source>1 error</source>
        <translation>1 ошибка</translation>
    </message>
    <message numerus="yes">
        <location filename="../../etlx_desktop/ui/widgets/problems_pane.py" line="142"/>
        <source>%n errors</source>
        <translation>
            <numerusform>%n ошибка</numerusform>
            <numerusform>%n ошибки</numerusform>
            <numerusform>%n ошибок</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/problems_pane.py" line="145"/>
        <source>1 warning</source>
        <translation>1 предупреждение</translation>
    </message>
    <message numerus="yes">
        <location filename="../../etlx_desktop/ui/widgets/problems_pane.py" line="145"/>
        <source>%n warnings</source>
        <translation>
            <numerusform>%n предупреждение</numerusform>
            <numerusform>%n предупреждения</numerusform>
            <numerusform>%n предупреждений</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanDialog</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scan_dialog.py" line="30"/>
        <source>Column</source>
        <translation>Столбец</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scan_dialog.py" line="31"/>
        <source>Looks like</source>
        <translation>Похоже на</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scan_dialog.py" line="32"/>
        <source>Sure</source>
        <translation>Уверенность</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scan_dialog.py" line="33"/>
        <source>Suggested rule</source>
        <translation>Предложенное правило</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scan_dialog.py" line="34"/>
        <source>Rule now</source>
        <translation>Текущее правило</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scan_dialog.py" line="49"/>
        <source>Personal data found by the scan</source>
        <translation>Персональные данные, найденные поиском</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scan_dialog.py" line="67"/>
        <source>inherits {column}</source>
        <translation>наследует {column}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scan_dialog.py" line="76"/>
        <source>Accept all for unprotected columns</source>
        <translation>Принять все для незащищённых столбцов</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scan_dialog.py" line="99"/>
        <source> (key domain {domain})</source>
        <translation> (домен ключа {domain})</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scan_dialog.py" line="103"/>
        <source>Evidence:</source>
        <translation>Основания:</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scan_dialog.py" line="115"/>
        <source>Already so</source>
        <translation>Уже так</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scan_dialog.py" line="123"/>
        <source>Accept</source>
        <translation>Принять</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scan_dialog.py" line="123"/>
        <source>Reject</source>
        <translation>Отклонить</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scan_dialog.py" line="133"/>
        <source>Accepted</source>
        <translation>Принято</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scan_dialog.py" line="143"/>
        <source>Rejected</source>
        <translation>Отклонено</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scan_dialog.py" line="170"/>
        <source>Up to {rows} rows of each table were sampled: {found}, {bare} of them without a rule.</source>
        <translation>Из каждой таблицы прочитано до {rows} строк: {found}, из них без правила: {bare}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../etlx_desktop/ui/widgets/scan_dialog.py" line="174"/>
        <source>%n column(s) look personal</source>
        <translation>
            <numerusform>%n столбец похож на персональные данные</numerusform>
            <numerusform>%n столбца похожи на персональные данные</numerusform>
            <numerusform>%n столбцов похожи на персональные данные</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scan_dialog.py" line="178"/>
        <source>{table}: its rows could not be read ({error}), so it was judged by column names only.</source>
        <translation>{table}: строки прочитать не удалось ({error}), поэтому оценка сделана только по именам столбцов.</translation>
    </message>
</context>
<context>
    <name>SchemaBrowser</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/schema_browser.py" line="69"/>
        <source>Add table to module</source>
        <translation>Добавить таблицу в модуль</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/schema_browser.py" line="73"/>
        <source>Reload</source>
        <translation>Обновить</translation>
    </message>
</context>
<context>
    <name>SchemaModel</name>
    <message>
        <location filename="../../etlx_desktop/ui/models/schema_model.py" line="42"/>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/schema_model.py" line="43"/>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/schema_model.py" line="44"/>
        <source>Null</source>
        <translation>NULL</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/schema_model.py" line="45"/>
        <source>Key</source>
        <translation>Ключ</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/schema_model.py" line="46"/>
        <source>Rows (est.)</source>
        <translation>Строк (оценка)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/schema_model.py" line="231"/>
        <source>loading…</source>
        <translation>загрузка…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/schema_model.py" line="243"/>
        <source>could not read the catalog: {error}</source>
        <translation>не удалось прочитать каталог: {error}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/schema_model.py" line="291"/>
        <source>{rows} rows</source>
        <translation>строк: {rows}</translation>
    </message>
</context>
<context>
    <name>ScriptSlotsModel</name>
    <message>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="28"/>
        <source>approved</source>
        <translation>одобрен</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="29"/>
        <source>changed since approval</source>
        <translation>изменён после одобрения</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="30"/>
        <source>not approved</source>
        <translation>не одобрен</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="31"/>
        <source>file missing</source>
        <translation>файл отсутствует</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="32"/>
        <source>cannot be read</source>
        <translation>не читается</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="33"/>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="122"/>
        <source>no file chosen</source>
        <translation>файл не выбран</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="65"/>
        <source>upload</source>
        <translation>публикация</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="67"/>
        <source>{table} · extraction</source>
        <translation>{table} · извлечение</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="71"/>
        <source>{table} · transformation</source>
        <translation>{table} · преобразование</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="73"/>
        <source>{table} · transformation {number}</source>
        <translation>{table} · преобразование {number}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="135"/>
        <source>&lt;b&gt;Approved.&lt;/b&gt; The file matches the approved checksum, so it will run.</source>
        <translation>&lt;b&gt;Одобрен.&lt;/b&gt; Файл совпадает с одобренной контрольной суммой, поэтому скрипт будет запущен.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="140"/>
        <source>&lt;b&gt;Changed since approval.&lt;/b&gt; It will not run until you review and approve it again. It was approved as {checksum}; the file now is:</source>
        <translation>&lt;b&gt;Изменён после одобрения.&lt;/b&gt; Скрипт не будет запущен, пока вы не проверите и не одобрите его снова. Одобрен с контрольной суммой {checksum}; сейчас у файла:</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="147"/>
        <source>&lt;b&gt;Not approved.&lt;/b&gt; It will not run until you review and approve it.</source>
        <translation>&lt;b&gt;Не одобрен.&lt;/b&gt; Скрипт не будет запущен, пока вы не проверите и не одобрите его.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="152"/>
        <source>&lt;b&gt;File missing.&lt;/b&gt; Choose the file, or put it back in the module&apos;s folder.</source>
        <translation>&lt;b&gt;Файл отсутствует.&lt;/b&gt; Выберите файл или верните его в папку модуля данных.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="157"/>
        <source>&lt;b&gt;No file chosen.&lt;/b&gt; This step expects a script.</source>
        <translation>&lt;b&gt;Файл не выбран.&lt;/b&gt; Этому шагу нужен скрипт.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="160"/>
        <source>unknown reason</source>
        <translation>причина неизвестна</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="161"/>
        <source>&lt;b&gt;Cannot be read:&lt;/b&gt; {reason}.</source>
        <translation>&lt;b&gt;Не читается:&lt;/b&gt; {reason}.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/models/script_slots_model.py" line="170"/>
        <source>nothing</source>
        <translation>(нет)</translation>
    </message>
</context>
<context>
    <name>ScriptsPane</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scripts_pane.py" line="53"/>
        <source>&lt;h3&gt;No scripts&lt;/h3&gt;&lt;p&gt;Scripts are Python or SQL files a module can name: an &lt;b&gt;extraction&lt;/b&gt; script that reads a table, &lt;b&gt;transformation&lt;/b&gt; scripts that change a table&apos;s rows, and an &lt;b&gt;upload&lt;/b&gt; script that publishes a version. A script is code, so it runs only after you approve it here, and only while its file stays exactly as approved.&lt;/p&gt;&lt;p&gt;This module names no scripts: its tables are read, cleaned and published by the built-in steps.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Скриптов нет&lt;/h3&gt;&lt;p&gt;Скрипты — это файлы Python или SQL, которые может указать модуль данных: скрипт &lt;b&gt;извлечения&lt;/b&gt;, читающий таблицу, скрипты &lt;b&gt;преобразования&lt;/b&gt;, меняющие строки таблицы, и скрипт &lt;b&gt;публикации&lt;/b&gt;, публикующий версию. Скрипт — это код, поэтому он запускается только после того, как вы одобрите его здесь, и только пока его файл остаётся точно таким, каким был одобрен.&lt;/p&gt;&lt;p&gt;Этот модуль данных не указывает скриптов: его таблицы читаются, очищаются и публикуются встроенными шагами.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scripts_pane.py" line="63"/>
        <source>&lt;h3&gt;No module&lt;/h3&gt;&lt;p&gt;Open or create a module to see its scripts.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Нет модуля данных&lt;/h3&gt;&lt;p&gt;Откройте или создайте модуль данных, чтобы увидеть его скрипты.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scripts_pane.py" line="88"/>
        <source>Choose file…</source>
        <translation>Выбрать файл…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scripts_pane.py" line="89"/>
        <source>Approve</source>
        <translation>Одобрить</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scripts_pane.py" line="90"/>
        <source>Reload</source>
        <translation>Перечитать</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scripts_pane.py" line="109"/>
        <source>The checksum of the file as it is now</source>
        <translation>Контрольная сумма файла в его нынешнем виде</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scripts_pane.py" line="111"/>
        <source>Record the checksum of the file as shown, so it may run</source>
        <translation>Записать контрольную сумму показанного файла, чтобы скрипт можно было запускать</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scripts_pane.py" line="113"/>
        <source>Read the file again from disk</source>
        <translation>Прочитать файл с диска заново</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scripts_pane.py" line="195"/>
        <source>Save the module first: script paths are relative to its folder.</source>
        <translation>Сначала сохраните модуль данных: пути к скриптам задаются относительно его папки.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scripts_pane.py" line="207"/>
        <source>There is no script shown to approve.</source>
        <translation>Нет показанного скрипта, который можно одобрить.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scripts_pane.py" line="210"/>
        <source>The file changed while it was shown; review it again.</source>
        <translation>Файл изменился, пока был показан; проверьте его снова.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scripts_pane.py" line="250"/>
        <source>{file} is too large to show here; a script is usually a few kilobytes. Check that the slot names the right file.</source>
        <translation>{file} слишком велик, чтобы показать его здесь; скрипт обычно занимает несколько килобайт. Проверьте, что указан нужный файл.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scripts_pane.py" line="262"/>
        <source>{slot} expects a script. Choose a file for it.</source>
        <translation>{slot}: нужен скрипт. Выберите для него файл.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scripts_pane.py" line="265"/>
        <source>{file} does not exist in the module&apos;s folder.</source>
        <translation>{file} нет в папке модуля данных.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scripts_pane.py" line="271"/>
        <source>{file} cannot be read: {reason}.</source>
        <translation>Не удаётся прочитать {file}: {reason}.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scripts_pane.py" line="316"/>
        <source>Choose a script</source>
        <translation>Выбор скрипта</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/scripts_pane.py" line="318"/>
        <source>Scripts (*.py *.sql);;All files (*)</source>
        <translation>Скрипты (*.py *.sql);;Все файлы (*)</translation>
    </message>
</context>
<context>
    <name>UnprotectedBanner</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_banner.py" line="26"/>
        <source>1 table has not been scanned for personal data yet</source>
        <translation>В 1 таблице ещё не проводился поиск персональных данных</translation>
    </message>
    <message numerus="yes">
        <location filename="../../etlx_desktop/ui/widgets/editor_banner.py" line="30"/>
        <source>%n tables have not been scanned for personal data yet</source>
        <translation>
            <numerusform>В %n таблице ещё не проводился поиск персональных данных</numerusform>
            <numerusform>В %n таблицах ещё не проводился поиск персональных данных</numerusform>
            <numerusform>В %n таблицах ещё не проводился поиск персональных данных</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_banner.py" line="37"/>
        <source>Every column that looks personal has a rule</source>
        <translation>У каждого столбца, похожего на персональные данные, есть правило</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_banner.py" line="41"/>
        <source>1 column looks personal but is not protected</source>
        <translation>1 столбец похож на персональные данные, но не защищён</translation>
    </message>
    <message numerus="yes">
        <location filename="../../etlx_desktop/ui/widgets/editor_banner.py" line="44"/>
        <source>%n columns look personal but are not protected</source>
        <translation>
            <numerusform>%n столбец похож на персональные данные, но не защищён</numerusform>
            <numerusform>%n столбца похожи на персональные данные, но не защищены</numerusform>
            <numerusform>%n столбцов похожи на персональные данные, но не защищены</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_banner.py" line="64"/>
        <source>Scan for personal data</source>
        <translation>Поиск персональных данных</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_banner.py" line="67"/>
        <source>Read a sample of every table and suggest a category and rule for columns that look personal (names, e-mails, phones, INN, SNILS, ...)</source>
        <translation>Прочитать выборку из каждой таблицы и предложить категорию и правило для столбцов, похожих на персональные данные (имена, e-mail, телефоны, ИНН, СНИЛС, …)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_banner.py" line="88"/>
        <source>Show</source>
        <translation>Показать</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/editor_banner.py" line="104"/>
        <source>Scanning a sample of every table…</source>
        <translation>Поиск по выборке из каждой таблицы…</translation>
    </message>
</context>
</TS>
