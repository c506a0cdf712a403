<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>ConnectionFields</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="34"/>
        <source>SQLite database file</source>
        <translation>Файл базы данных SQLite</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="35"/>
        <source>Folder of data files</source>
        <translation>Папка с файлами данных</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="36"/>
        <source>S3 bucket</source>
        <translation>Бакет S3</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="39"/>
        <source>Off</source>
        <translation>Выключено</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="40"/>
        <source>Only if the server insists (allow)</source>
        <translation>Только если сервер требует (allow)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="41"/>
        <source>If the server offers it (prefer)</source>
        <translation>Если сервер предлагает (prefer)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="42"/>
        <source>Always, certificate not checked (require)</source>
        <translation>Всегда, без проверки сертификата (require)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="45"/>
        <source>Always, check the certificate (verify-ca)</source>
        <translation>Всегда, с проверкой сертификата (verify-ca)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="48"/>
        <source>Always, check certificate and host name (verify-full)</source>
        <translation>Всегда, с проверкой сертификата и имени хоста (verify-full)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="53"/>
        <source>Don&apos;t save it (type it each time)</source>
        <translation>Не сохранять (вводить каждый раз)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="56"/>
        <source>Remember it until the app closes</source>
        <translation>Помнить до закрытия приложения</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="59"/>
        <source>Save it in the system keyring</source>
        <translation>В хранилище ключей ОС</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="60"/>
        <source>Save it in an encrypted file (master password)</source>
        <translation>В зашифрованном файле (мастер-пароль)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="64"/>
        <source>Save it in the system keyring (none here: the encrypted file)</source>
        <translation>В хранилище ключей ОС (его нет: в зашифрованном файле)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="67"/>
        <source>Certificates and keys (*.pem *.crt *.cer *.key);;All files (*)</source>
        <translation>Сертификаты и ключи (*.pem *.crt *.cer *.key);;Все файлы (*)</translation>
    </message>
</context>
<context>
    <name>ConnectionForm</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form.py" line="170"/>
        <source>This URL cannot be read: {problem}.</source>
        <translation>Не удаётся прочитать этот URL: {problem}.</translation>
    </message>
</context>
<context>
    <name>ConnectionFormFields</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="76"/>
        <source>e.g. CRM production</source>
        <translation>например, CRM — рабочая база</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="79"/>
        <source>postgresql://user@host:5432/database — paste a URL and press Enter</source>
        <translation>postgresql://user@host:5432/database — вставьте URL и нажмите Enter</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="82"/>
        <source>host name or IP address</source>
        <translation>имя хоста или IP-адрес</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="95"/>
        <source>Choose the root certificate</source>
        <translation>Выберите корневой сертификат</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="98"/>
        <source>Choose the client certificate</source>
        <translation>Выберите сертификат клиента</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="100"/>
        <source>Choose the client key</source>
        <translation>Выберите ключ клиента</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="103"/>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="107"/>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="182"/>
        <source>Choose the SQLite database file</source>
        <translation>Выберите файл базы данных SQLite</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="109"/>
        <source>optional folder inside the bucket</source>
        <translation>необязательная папка внутри бакета</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="110"/>
        <source>e.g. http://127.0.0.1:8333 (empty: AWS)</source>
        <translation>например, http://127.0.0.1:8333 (пусто: AWS)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="111"/>
        <source>e.g. us-east-1</source>
        <translation>например, us-east-1</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="113"/>
        <source>Path-style addresses (most S3-compatible servers)</source>
        <translation>Адреса в стиле пути (большинство S3-совместимых серверов)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="132"/>
        <source>&amp;Name</source>
        <translation>&amp;Название</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="133"/>
        <source>&amp;Kind</source>
        <translation>&amp;Тип</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="134"/>
        <source>&amp;URL</source>
        <translation>&amp;URL</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="135"/>
        <source>&amp;Host</source>
        <translation>&amp;Хост</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="136"/>
        <source>&amp;Port</source>
        <translation>По&amp;рт</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="137"/>
        <source>&amp;Database</source>
        <translation>&amp;База данных</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="138"/>
        <source>U&amp;ser</source>
        <translation>По&amp;льзователь</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="139"/>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="173"/>
        <source>Pass&amp;word</source>
        <translation>Пар&amp;оль</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="140"/>
        <source>Sa&amp;ve password</source>
        <translation>Хранени&amp;е пароля</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="141"/>
        <source>SS&amp;L</source>
        <translation>SS&amp;L</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="142"/>
        <source>Root certificate</source>
        <translation>Корневой сертификат</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="143"/>
        <source>Client certificate</source>
        <translation>Сертификат клиента</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="144"/>
        <source>Client key</source>
        <translation>Ключ клиента</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="145"/>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="178"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="146"/>
        <source>&amp;Bucket</source>
        <translation>&amp;Бакет</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="147"/>
        <source>Prefix</source>
        <translation>Префикс</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="148"/>
        <source>Endpoint URL</source>
        <translation>URL эндпоинта</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="149"/>
        <source>Region</source>
        <translation>Регион</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="151"/>
        <source>Connect &amp;timeout</source>
        <translation>Тай&amp;м-аут подключения</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="152"/>
        <source>E&amp;xtra parameters</source>
        <translation>&amp;Дополнительные параметры</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="173"/>
        <source>Access &amp;keys</source>
        <translation>&amp;Ключи доступа</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="178"/>
        <source>&amp;Folder</source>
        <translation>Пап&amp;ка</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="180"/>
        <source>Choose the folder of data files</source>
        <translation>Выберите папку с файлами данных</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_form_fields.py" line="185"/>
        <source>{port} (default)</source>
        <translation>{port} (по умолчанию)</translation>
    </message>
</context>
<context>
    <name>ConnectionManager</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager.py" line="58"/>
        <source>Connections</source>
        <translation>Подключения</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager.py" line="164"/>
        <source>leave empty to keep the saved one</source>
        <translation>оставьте пустым, чтобы не менять сохранённый</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager.py" line="187"/>
        <source>Saved &apos;{name}&apos;; {note}.</source>
        <translation>Подключение «{name}» сохранено; {note}.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager.py" line="189"/>
        <source>Saved &apos;{name}&apos;.</source>
        <translation>Подключение «{name}» сохранено.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager.py" line="212"/>
        <source>Saved &apos;{name}&apos; (type its password to keep it).</source>
        <translation>Подключение «{name}» сохранено (введите пароль, чтобы сохранить и его).</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager.py" line="238"/>
        <source>Deleted &apos;{name}&apos;.</source>
        <translation>Подключение «{name}» удалено.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager.py" line="249"/>
        <source>Not tested: no master password was given.</source>
        <translation>Не проверено: мастер-пароль не введён.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager.py" line="254"/>
        <source>Not tested: {problem}</source>
        <translation>Не проверено: {problem}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager.py" line="258"/>
        <source>Testing the {where}…</source>
        <translation>Проверка: {where}…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager.py" line="274"/>
        <source>Nothing was exported: {problem}</source>
        <translation>Ничего не экспортировано: {problem}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager.py" line="285"/>
        <source>Nothing was imported: {problem}</source>
        <translation>Ничего не импортировано: {problem}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager.py" line="299"/>
        <source>Exported 1 connection to {file} (without passwords).</source>
        <translation>Экспортировано 1 подключение в {file} (без паролей).</translation>
    </message>
    <message numerus="yes">
        <location filename="../../etlx_desktop/ui/widgets/connection_manager.py" line="301"/>
        <source>Exported %n connections to {file} (without passwords).</source>
        <translation>
            <numerusform>Экспортировано %n подключение в {file} (без паролей).</numerusform>
            <numerusform>Экспортировано %n подключения в {file} (без паролей).</numerusform>
            <numerusform>Экспортировано %n подключений в {file} (без паролей).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager.py" line="306"/>
        <source>Imported 1 connection; type its password and save to keep it.</source>
        <translation>Импортировано 1 подключение; введите его пароль и сохраните, чтобы он остался.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../etlx_desktop/ui/widgets/connection_manager.py" line="308"/>
        <source>Imported %n connections; type their passwords and save to keep them.</source>
        <translation>
            <numerusform>Импортировано %n подключение; введите пароли и сохраните, чтобы они остались.</numerusform>
            <numerusform>Импортировано %n подключения; введите пароли и сохраните, чтобы они остались.</numerusform>
            <numerusform>Импортировано %n подключений; введите пароли и сохраните, чтобы они остались.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConnectionManagerView</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager_view.py" line="47"/>
        <source>New</source>
        <translation>Создать</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager_view.py" line="49"/>
        <source>A new PostgreSQL connection (the arrow: another kind)</source>
        <translation>Новое подключение PostgreSQL (стрелка: другой тип)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager_view.py" line="60"/>
        <source>Duplicate</source>
        <translation>Дублировать</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager_view.py" line="61"/>
        <source>Save a copy (without the password)</source>
        <translation>Сохранить копию (без пароля)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager_view.py" line="66"/>
        <source>Delete…</source>
        <translation>Удалить…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager_view.py" line="67"/>
        <source>Delete this connection and its saved password</source>
        <translation>Удалить это подключение и его сохранённый пароль</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager_view.py" line="74"/>
        <source>Test connection</source>
        <translation>Проверить подключение</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager_view.py" line="75"/>
        <source>Connect once and show what answers</source>
        <translation>Подключиться один раз и показать, что отвечает</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager_view.py" line="80"/>
        <source>Import…</source>
        <translation>Импорт…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager_view.py" line="81"/>
        <source>Add the connections of an export file</source>
        <translation>Добавить подключения из файла экспорта</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager_view.py" line="86"/>
        <source>Export…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager_view.py" line="87"/>
        <source>Write the saved connections to a file</source>
        <translation>Записать сохранённые подключения в файл</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager_view.py" line="92"/>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager_view.py" line="93"/>
        <source>Save this connection (and its password, as chosen)</source>
        <translation>Сохранить это подключение (и его пароль, как выбрано)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager_view.py" line="97"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_manager_view.py" line="104"/>
        <source>Saved &amp;connections</source>
        <translation>Сохранённые &amp;подключения</translation>
    </message>
</context>
<context>
    <name>ConnectionPrompts</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_prompts.py" line="15"/>
        <source>Connections (*.json);;All files (*)</source>
        <translation>Подключения (*.json);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_prompts.py" line="20"/>
        <source>Master password</source>
        <translation>Мастер-пароль</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_prompts.py" line="28"/>
        <source>Delete connection</source>
        <translation>Удаление подключения</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_prompts.py" line="29"/>
        <source>Delete the connection &apos;{name}&apos; and its saved password?</source>
        <translation>Удалить подключение «{name}» и его сохранённый пароль?</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_prompts.py" line="39"/>
        <source>Export connections (without passwords)</source>
        <translation>Экспорт подключений (без паролей)</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_prompts.py" line="47"/>
        <source>Import connections</source>
        <translation>Импорт подключений</translation>
    </message>
</context>
<context>
    <name>ConnectionTester</name>
    <message>
        <location filename="../../etlx_desktop/ui/connection_tester.py" line="49"/>
        <source>The test stopped on an unexpected error ({kind}).</source>
        <translation>Проверка остановилась из-за непредвиденной ошибки ({kind}).</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/connection_tester.py" line="59"/>
        <source>{message} — answered in {seconds} s.</source>
        <translation>{message} — ответ за {seconds} с.</translation>
    </message>
</context>
<context>
    <name>ExtraParameters</name>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="144"/>
        <source>Parameter</source>
        <translation>Параметр</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="144"/>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="156"/>
        <source>Add a parameter</source>
        <translation>Добавить параметр</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/widgets/connection_fields.py" line="160"/>
        <source>Remove the selected parameter</source>
        <translation>Удалить выбранный параметр</translation>
    </message>
</context>
<context>
    <name>PasswordKeeper</name>
    <message>
        <location filename="../../etlx_desktop/ui/connection_secrets.py" line="85"/>
        <source>not saved</source>
        <translation>не сохранён</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/connection_secrets.py" line="86"/>
        <source>remembered until the app closes</source>
        <translation>запомнен до закрытия приложения</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/connection_secrets.py" line="89"/>
        <source>saved in the OS keyring</source>
        <translation>сохранён в хранилище ключей ОС</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/connection_secrets.py" line="92"/>
        <source>saved in the encrypted secrets file</source>
        <translation>сохранён в зашифрованном файле секретов</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/connection_secrets.py" line="140"/>
        <source>its password is not saved</source>
        <translation>пароль не сохранён</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/connection_secrets.py" line="142"/>
        <source>its password is {where}</source>
        <translation>пароль {where}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/connection_secrets.py" line="146"/>
        <source>its password was not saved: no master password was given</source>
        <translation>пароль не сохранён: мастер-пароль не введён</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/connection_secrets.py" line="150"/>
        <source>its password was not saved: {problem}</source>
        <translation>пароль не сохранён: {problem}</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/connection_secrets.py" line="178"/>
        <source>Its saved password could not be removed: the vault could not be opened.</source>
        <translation>Сохранённый пароль удалить не удалось: хранилище паролей не открылось.</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/connection_secrets.py" line="192"/>
        <source>That master password does not open the encrypted secrets file.
Master password:</source>
        <translation>Этот мастер-пароль не подходит к зашифрованному файлу секретов.
Мастер-пароль:</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/connection_secrets.py" line="209"/>
        <source>Master password of the encrypted secrets file:</source>
        <translation>Мастер-пароль зашифрованного файла секретов:</translation>
    </message>
    <message>
        <location filename="../../etlx_desktop/ui/connection_secrets.py" line="212"/>
        <source>Choose a master password for the new encrypted secrets file
(it is needed to read saved passwords; it cannot be recovered):</source>
        <translation>Придумайте мастер-пароль для нового зашифрованного файла секретов
(он нужен, чтобы читать сохранённые пароли; восстановить его нельзя):</translation>
    </message>
</context>
</TS>
