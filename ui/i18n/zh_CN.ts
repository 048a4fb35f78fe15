<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Banner</name>
    <message>
        <source>Show a code to the camera</source>
        <translation>请向摄像头出示二维码</translation>
    </message>
    <message>
        <source>Scan a tube barcode to start a tube</source>
        <translation>扫描试管条码开始一管</translation>
    </message>
    <message>
        <source>Tube {code} · position {position}/{size}</source>
        <translation>试管 {code} · 第 {position}/{size} 位</translation>
    </message>
    <message>
        <source>tube full, scan the next tube</source>
        <translation>已满封管，请扫下一支试管</translation>
    </message>
    <message>
        <source>single tube</source>
        <translation>单管单采</translation>
    </message>
    <message>
        <source>Registered: {name}</source>
        <translation>登记成功：{name}</translation>
    </message>
    <message>
        <source>Already registered: {name}</source>
        <translation>已登记过：{name}</translation>
    </message>
    <message>
        <source>at {checkpoint} at {time}</source>
        <translation>于 {checkpoint} {time} 登记</translation>
    </message>
    <message>
        <source>Yellow code</source>
        <translation>黄码</translation>
    </message>
    <message>
        <source>Red code</source>
        <translation>红码</translation>
    </message>
    <message>
        <source>Tube {code} opened</source>
        <translation>已开管 {code}</translation>
    </message>
    <message>
        <source>Pool of {size}: show the codes</source>
        <translation>{size} 人混采：请出示二维码</translation>
    </message>
    <message>
        <source>Health code of another system</source>
        <translation>其他系统的健康码</translation>
    </message>
    <message>
        <source>Enter the person&apos;s ID number</source>
        <translation>请输入此人的身份证号</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>不予登记</translation>
    </message>
    <message>
        <source>Several codes in view</source>
        <translation>画面中有多个码</translation>
    </message>
    <message>
        <source>Show one code at a time</source>
        <translation>请一次只出示一个码</translation>
    </message>
</context>
<context>
    <name>Demo</name>
    <message>
        <source>Preparing the demo campaign and its video…</source>
        <translation>正在准备演示活动和视频…</translation>
    </message>
</context>
<context>
    <name>EnterprisesScreen</name>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>上报人数</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>名册人数</translation>
    </message>
    <message>
        <source>Exempt</source>
        <translation>免检</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>应检</translation>
    </message>
    <message>
        <source>Tested</source>
        <translation>已检</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>未检</translation>
    </message>
    <message>
        <source>Completion</source>
        <translation>完成率</translation>
    </message>
    <message>
        <source>On leave outside the park</source>
        <translation>外出不在园区</translation>
    </message>
    <message>
        <source>In isolation</source>
        <translation>隔离中</translation>
    </message>
    <message>
        <source>Tested elsewhere</source>
        <translation>已在别处检测</translation>
    </message>
    <message>
        <source>Other (note required)</source>
        <translation>其他（须填写备注）</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export to XLSX…</source>
        <translation>导出 XLSX…</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Select an enterprise to see who is missing</source>
        <translation>选择一个企业，查看未检人员</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Mark exempt</source>
        <translation>标记免检</translation>
    </message>
    <message>
        <source>Expected {expected} · tested {tested} · missing {missing} · exempt {exempt}</source>
        <translation>应检 {expected} · 已检 {tested} · 未检 {missing} · 免检 {exempt}</translation>
    </message>
    <message>
        <source>Missing at {enterprise}: {count}</source>
        <translation>{enterprise} 未检：{count} 人</translation>
    </message>
    <message>
        <source>Select the people to exempt.</source>
        <translation>请选择要免检的人员。</translation>
    </message>
    <message>
        <source>Exempted: {count}</source>
        <translation>已标记免检：{count} 人</translation>
    </message>
    <message>
        <source>Export to XLSX</source>
        <translation>导出 XLSX</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
</context>
<context>
    <name>FirstStart</name>
    <message>
        <source>Testing point station</source>
        <translation>核酸采样登记站</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Campaign database</source>
        <translation>活动数据库</translation>
    </message>
    <message>
        <source>The file that holds this laptop&apos;s campaign. A new file is created if none exists.</source>
        <translation>本机保存检测活动数据的文件；文件不存在时会新建。</translation>
    </message>
    <message>
        <source>Create a new campaign on this laptop</source>
        <translation>在本机新建检测活动</translation>
    </message>
    <message>
        <source>Enrol with the central server</source>
        <translation>向中心服务器注册</translation>
    </message>
    <message>
        <source>This database is empty</source>
        <translation>该数据库是空的</translation>
    </message>
    <message>
        <source>Another database…</source>
        <translation>其他数据库…</translation>
    </message>
    <message>
        <source>One checkpoint per line</source>
        <translation>每行一个采样点</translation>
    </message>
    <message>
        <source>Round 1</source>
        <translation>第1轮</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>园区</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>采样点</translation>
    </message>
    <message>
        <source>First round</source>
        <translation>第一轮</translation>
    </message>
    <message>
        <source>Pool size</source>
        <translation>混采人数</translation>
    </message>
    <message>
        <source>Create campaign</source>
        <translation>新建活动</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>新建检测活动</translation>
    </message>
    <message>
        <source>Paste the enrolment code, or scan its QR code</source>
        <translation>粘贴注册码，或扫描注册二维码</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>注册</translation>
    </message>
    <message>
        <source>Scan the QR code with the camera</source>
        <translation>用摄像头扫描二维码</translation>
    </message>
    <message>
        <source>The administrator gives each checkpoint laptop a one-time enrolment code.</source>
        <translation>管理员为每个采样点电脑发放一次性注册码。</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>采样点</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Start the shift</source>
        <translation>开始本班</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Databases (*.db)</source>
        <translation>数据库 (*.db)</translation>
    </message>
    <message>
        <source>Site: {site}</source>
        <translation>园区：{site}</translation>
    </message>
    <message>
        <source>Name at least one checkpoint.</source>
        <translation>请至少填写一个采样点。</translation>
    </message>
    <message>
        <source>Show the enrolment QR code to the camera</source>
        <translation>请向摄像头出示注册二维码</translation>
    </message>
</context>
<context>
    <name>HandoverScreen</name>
    <message>
        <source>Record handover</source>
        <translation>登记交接</translation>
    </message>
    <message>
        <source>Tubes counted in the box:</source>
        <translation>箱内清点试管数：</translation>
    </message>
    <message>
        <source>Sealed since the last handover:</source>
        <translation>上次交接后已封管：</translation>
    </message>
    <message>
        <source>Still open (they go in the next box):</source>
        <translation>仍未封管（放入下一箱）：</translation>
    </message>
    <message>
        <source>Tubes to hand over at {checkpoint}: {count}</source>
        <translation>{checkpoint} 待交接试管：{count} 支</translation>
    </message>
    <message>
        <source>Handover recorded at {time}: {count} tubes.</source>
        <translation>已于 {time} 登记交接：{count} 支试管。</translation>
    </message>
    <message>
        <source>Tubes in the box: {count}; sealed here since the last handover: {due}. Check the box against the list. Nothing was recorded.</source>
        <translation>箱内试管 {count} 支；上次交接后本点封管 {due} 支。请按清单核对试管箱。未登记交接。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Testing point station — {checkpoint}</source>
        <translation>核酸采样登记站 — {checkpoint}</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>扫码登记</translation>
    </message>
    <message>
        <source>Enterprises</source>
        <translation>企业统计</translation>
    </message>
    <message>
        <source>Handover</source>
        <translation>试管交接</translation>
    </message>
    <message>
        <source>Traceback</source>
        <translation>阳性追溯</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>采样站</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>End shift</source>
        <translation>结束本班</translation>
    </message>
    <message>
        <source>Camera: {problem}</source>
        <translation>摄像头：{problem}</translation>
    </message>
    <message>
        <source>Camera: {name}</source>
        <translation>摄像头：{name}</translation>
    </message>
    <message>
        <source>The video has ended</source>
        <translation>视频已播放完</translation>
    </message>
    <message>
        <source>Camera: the video has ended</source>
        <translation>摄像头：视频已播放完</translation>
    </message>
</context>
<context>
    <name>ManualEntry</name>
    <message>
        <source>Confirm identity</source>
        <translation>核对身份</translation>
    </message>
    <message>
        <source>Manual entry</source>
        <translation>手工录入</translation>
    </message>
    <message>
        <source>18-character ID number</source>
        <translation>18 位身份证号</translation>
    </message>
    <message>
        <source>This health code comes from another system: enter the ID number.</source>
        <translation>此健康码来自其他系统：请输入身份证号。</translation>
    </message>
    <message>
        <source>Name or phone number</source>
        <translation>姓名或手机号</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Roster search</source>
        <translation>名册查找</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>{count} of 18 characters</source>
        <translation>已输入 {count}/18 位</translation>
    </message>
    <message>
        <source>Valid ID number</source>
        <translation>身份证号有效</translation>
    </message>
    <message>
        <source>Refused: {reason}</source>
        <translation>不予登记：{reason}</translation>
    </message>
    <message>
        <source>Nobody on the roster matches</source>
        <translation>名册中没有匹配的人员</translation>
    </message>
</context>
<context>
    <name>Preview</name>
    <message>
        <source>No camera</source>
        <translation>无摄像头</translation>
    </message>
</context>
<context>
    <name>ProblemsDialog</name>
    <message>
        <source>Sync problems</source>
        <translation>同步问题</translation>
    </message>
    <message>
        <source>{time} {what}: the server holds a different event with the same id; both are kept for a person to check</source>
        <translation>{time} {what}：服务器上同一编号的记录内容不同；两份都已保留，待人工核对</translation>
    </message>
    <message>
        <source>{time} an event from another laptop could not be applied here: {reason}</source>
        <translation>{time} 来自其他电脑的一条记录无法在本机应用：{reason}</translation>
    </message>
    <message>
        <source>{time} {what} refused by the server: {reason}</source>
        <translation>{time} {what} 被服务器拒绝：{reason}</translation>
    </message>
    <message>
        <source>{person} was registered at {checkpoints} in round {round}</source>
        <translation>{person} 在 {round} 于 {checkpoints} 重复登记</translation>
    </message>
    <message>
        <source>No problem.</source>
        <translation>没有问题。</translation>
    </message>
</context>
<context>
    <name>ProgressChart</name>
    <message>
        <source>Tested through the round (by hour)</source>
        <translation>本轮累计检测人数（按小时）</translation>
    </message>
    <message>
        <source>Nobody tested yet</source>
        <translation>尚无人检测</translation>
    </message>
    <message>
        <source>expected {count}</source>
        <translation>应检 {count}</translation>
    </message>
</context>
<context>
    <name>ScanScreen</name>
    <message>
        <source>this shift</source>
        <translation>本班次</translation>
    </message>
    <message>
        <source>this round here</source>
        <translation>本轮本采样点</translation>
    </message>
    <message>
        <source>Checkpoint {checkpoint} · round {round} · operator {operator}</source>
        <translation>采样点 {checkpoint} · {round} · 操作员 {operator}</translation>
    </message>
    <message>
        <source>Manual entry…</source>
        <translation>手工录入…</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>不予登记</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>A camera number (0 is the built-in webcam) or a video file</source>
        <translation>摄像头编号（0 为内置摄像头）或视频文件</translation>
    </message>
    <message>
        <source>Video file…</source>
        <translation>视频文件…</translation>
    </message>
    <message>
        <source>Play a sound for each result</source>
        <translation>每次结果播放提示音</translation>
    </message>
    <message>
        <source>Speak the registered name</source>
        <translation>语音播报登记姓名</translation>
    </message>
    <message>
        <source>No speech engine on this laptop</source>
        <translation>本机没有语音引擎</translation>
    </message>
    <message>
        <source>Sync automatically when the server is reachable</source>
        <translation>服务器可达时自动同步</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Decoder</source>
        <translation>解码器</translation>
    </message>
    <message>
        <source>Sounds</source>
        <translation>提示音</translation>
    </message>
    <message>
        <source>Default pool size</source>
        <translation>默认混采人数</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Video file</source>
        <translation>视频文件</translation>
    </message>
    <message>
        <source>Videos and images (*.mp4 *.avi *.mkv *.mov *.png *.jpg)</source>
        <translation>视频和图片 (*.mp4 *.avi *.mkv *.mov *.png *.jpg)</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Sync: …</source>
        <translation>同步：…</translation>
    </message>
    <message>
        <source>Not enrolled with a server · {count} events kept here</source>
        <translation>未注册服务器 · 本机保存 {count} 条记录</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>{head} · last sync {when} · {count} waiting</source>
        <translation>{head} · 上次同步 {when} · {count} 条待上传</translation>
    </message>
    <message>
        <source>Problems: {count}</source>
        <translation>问题：{count}</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>receiving</source>
        <translation>下载</translation>
    </message>
</context>
<context>
    <name>TraceScreen</name>
    <message>
        <source>Tube</source>
        <translation>试管</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Pos.</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>采样点</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>positive</source>
        <translation>阳性</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>阴性</translation>
    </message>
    <message>
        <source>Tube codes, typed or scanned (several separated by spaces)</source>
        <translation>输入或扫描试管条码（多个用空格分隔）</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>追溯</translation>
    </message>
    <message>
        <source>All positive tubes</source>
        <translation>全部阳性试管</translation>
    </message>
    <message>
        <source>Full ID numbers and phones in the export (for the recall team)</source>
        <translation>导出完整身份证号和手机号（供流调人员使用）</translation>
    </message>
    <message>
        <source>Export recall list…</source>
        <translation>导出追溯名单…</translation>
    </message>
    <message>
        <source>Enter or scan a tube code.</source>
        <translation>请输入或扫描试管条码。</translation>
    </message>
    <message>
        <source>No tube has a positive result.</source>
        <translation>没有阳性试管。</translation>
    </message>
    <message>
        <source>Tubes: {tubes} · people: {people}</source>
        <translation>试管 {tubes} 支 · 人员 {people} 人</translation>
    </message>
    <message>
        <source>(voided)</source>
        <translation>（已作废）</translation>
    </message>
    <message>
        <source>Export recall list</source>
        <translation>导出追溯名单</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Recall list written to {path} (people: {count})</source>
        <translation>追溯名单已写入 {path}（{count} 人）</translation>
    </message>
</context>
<context>
    <name>TubePanel</name>
    <message>
        <source>Tube</source>
        <translation>试管</translation>
    </message>
    <message>
        <source>Seal early</source>
        <translation>提前封管</translation>
    </message>
    <message>
        <source>Next tube is a single tube</source>
        <translation>下一支为单采管</translation>
    </message>
    <message>
        <source>No tube open</source>
        <translation>没有开启的试管</translation>
    </message>
    <message>
        <source>Scan the next tube&apos;s barcode</source>
        <translation>请扫描下一支试管条码</translation>
    </message>
    <message>
        <source>Single tube</source>
        <translation>单采管</translation>
    </message>
    <message>
        <source>(voided)</source>
        <translation>（已作废）</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Wrong person registered</source>
        <translation>登记错人</translation>
    </message>
    <message>
        <source>Code scanned by mistake</source>
        <translation>误扫</translation>
    </message>
    <message>
        <source>Sample not taken</source>
        <translation>未采样</translation>
    </message>
    <message>
        <source>Void registrations</source>
        <translation>作废登记</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <source>Void selected</source>
        <translation>作废所选</translation>
    </message>
    <message>
        <source>Latest registrations on this laptop:</source>
        <translation>本机最近的登记：</translation>
    </message>
    <message>
        <source>No registration to void.</source>
        <translation>没有可作废的登记。</translation>
    </message>
    <message>
        <source>Select the registrations to void.</source>
        <translation>请选择要作废的登记。</translation>
    </message>
    <message>
        <source>A void needs a reason.</source>
        <translation>作废需要填写原因。</translation>
    </message>
    <message>
        <source>Voided.</source>
        <translation>已作废。</translation>
    </message>
</context>
<context>
    <name>reasons</name>
    <message>
        <source>Bad check digit in the ID number</source>
        <translation>身份证号校验位错误</translation>
    </message>
    <message>
        <source>An ID number has 17 digits and a check digit or X</source>
        <translation>身份证号为 17 位数字加 1 位校验码（数字或 X）</translation>
    </message>
    <message>
        <source>The birth date in the ID number is impossible</source>
        <translation>身份证号中的出生日期不存在</translation>
    </message>
    <message>
        <source>No tube is open: scan a tube first</source>
        <translation>没有开启的试管：请先扫描试管条码</translation>
    </message>
    <message>
        <source>No tube is open</source>
        <translation>没有开启的试管</translation>
    </message>
    <message>
        <source>Sample alone: scan a single tube (pool size 1)</source>
        <translation>须单管单采：请扫描一支单采管</translation>
    </message>
    <message>
        <source>Tube {tube} is still open ({filled}/{size}): seal it first</source>
        <translation>试管 {tube} 尚未封管（{filled}/{size}）：请先封管</translation>
    </message>
    <message>
        <source>Tube {tube} was already used at {checkpoint} in round {round}</source>
        <translation>试管 {tube} 已在 {round} 于 {checkpoint} 使用过</translation>
    </message>
    <message>
        <source>Tube {tube} is already sealed</source>
        <translation>试管 {tube} 已封管</translation>
    </message>
    <message>
        <source>Tube {tube} is empty</source>
        <translation>试管 {tube} 是空的</translation>
    </message>
    <message>
        <source>{tube} is a tube barcode</source>
        <translation>{tube} 是试管条码</translation>
    </message>
    <message>
        <source>Damaged person code</source>
        <translation>人员码已损坏</translation>
    </message>
    <message>
        <source>Person code from another campaign (key {kid})</source>
        <translation>其他活动的人员码（密钥 {kid}）</translation>
    </message>
    <message>
        <source>Person code altered or forged: check the person&apos;s ID card</source>
        <translation>人员码被篡改或伪造：请核对身份证</translation>
    </message>
    <message>
        <source>Round {round} is closed</source>
        <translation>{round} 已结束</translation>
    </message>
    <message>
        <source>Unknown round {round}</source>
        <translation>未知轮次 {round}</translation>
    </message>
    <message>
        <source>Unknown checkpoint {checkpoint}</source>
        <translation>未知采样点 {checkpoint}</translation>
    </message>
    <message>
        <source>Not a text code</source>
        <translation>不是文本码</translation>
    </message>
    <message>
        <source>Too long to be a code</source>
        <translation>内容过长，不是有效的码</translation>
    </message>
    <message>
        <source>Nothing was entered</source>
        <translation>没有输入内容</translation>
    </message>
    <message>
        <source>Unreadable characters in the code</source>
        <translation>码中含有无法识别的字符</translation>
    </message>
    <message>
        <source>Not an ID number, person code, tube or health code</source>
        <translation>不是身份证号、人员码、试管条码或健康码</translation>
    </message>
    <message>
        <source>Health code from another system: enter the person&apos;s ID number</source>
        <translation>其他系统的健康码：请输入此人的身份证号</translation>
    </message>
    <message>
        <source>A void needs a reason</source>
        <translation>作废需要填写原因</translation>
    </message>
    <message>
        <source>Only the administrator&apos;s station may change rosters and such</source>
        <translation>只有管理员的电脑可以修改名册等基础数据</translation>
    </message>
    <message>
        <source>Laptop clock {minutes} min ahead of the server: set it right (event kept)</source>
        <translation>本机时钟比服务器快 {minutes} 分钟：请校准时钟（记录已保留）</translation>
    </message>
    <message>
        <source>The server holds another event with the same id: both are kept</source>
        <translation>服务器上有同一编号的另一条记录：两份都已保留</translation>
    </message>
    <message>
        <source>This registration was already voided</source>
        <translation>该登记已作废</translation>
    </message>
    <message>
        <source>an event</source>
        <translation>一条记录</translation>
    </message>
    <message>
        <source>a registration</source>
        <translation>一条登记</translation>
    </message>
    <message>
        <source>a void</source>
        <translation>一条作废</translation>
    </message>
    <message>
        <source>a tube opened</source>
        <translation>开管记录</translation>
    </message>
    <message>
        <source>a tube sealed</source>
        <translation>封管记录</translation>
    </message>
    <message>
        <source>a tube result</source>
        <translation>试管检测结果</translation>
    </message>
    <message>
        <source>a handover</source>
        <translation>交接记录</translation>
    </message>
    <message>
        <source>a roster entry</source>
        <translation>名册记录</translation>
    </message>
    <message>
        <source>an enterprise&apos;s details</source>
        <translation>企业信息</translation>
    </message>
    <message>
        <source>an exemption</source>
        <translation>免检记录</translation>
    </message>
    <message>
        <source>an exemption lifted</source>
        <translation>取消免检</translation>
    </message>
    <message>
        <source>a round opened</source>
        <translation>开启轮次</translation>
    </message>
    <message>
        <source>a round closed</source>
        <translation>结束轮次</translation>
    </message>
    <message>
        <source>a checkpoint</source>
        <translation>采样点记录</translation>
    </message>
    <message>
        <source>an operator</source>
        <translation>操作员记录</translation>
    </message>
    <message>
        <source>the person-code key</source>
        <translation>人员码密钥</translation>
    </message>
</context>
</TS>
