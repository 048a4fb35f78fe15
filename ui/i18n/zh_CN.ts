<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BadgesScreen</name>
    <message>
        <source>Name, or phone digits</source>
        <translation>姓名，或手机号数字</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>筛选</translation>
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
        <source>Write the A4 sheets (PDF) and open them…</source>
        <translation>生成A4打印页（PDF）并打开…</translation>
    </message>
    <message>
        <source>Click a person to preview their badge.</source>
        <translation>点击人员可预览其人员码卡片。</translation>
    </message>
    <message>
        <source>Every enterprise</source>
        <translation>全部企业</translation>
    </message>
    <message>
        <source>Every department</source>
        <translation>全部部门</translation>
    </message>
    <message>
        <source>Badges to print: {count}</source>
        <translation>待打印卡片：{count}</translation>
    </message>
    <message>
        <source>Badge sheets</source>
        <translation>人员码打印页</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Writing {count} badges…</source>
        <translation>正在生成 {count} 张卡片…</translation>
    </message>
    <message>
        <source>{badges} badges on {pages} pages written to {path}.</source>
        <translation>已将 {badges} 张卡片（{pages} 页）写入 {path}。</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Show a code to the camera</source>
        <translation>请向摄像头出示二维码</translation>
    </message>
    <message>
        <source>Scan a tube label</source>
        <translation>请扫描试管标签</translation>
    </message>
    <message>
        <source>Hold the tube&apos;s barcode in the box, scan it, or type its code</source>
        <translation>把试管条码放进框内、用扫码枪扫描，或输入试管编号</translation>
    </message>
    <message>
        <source>Tube {code} · {filled}/{size} filled</source>
        <translation>试管 {code} · 已采 {filled}/{size}</translation>
    </message>
    <message>
        <source>on no roster</source>
        <translation>不在任何名单上</translation>
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
    <name>BundlesScreen</name>
    <message>
        <source>Import bundles from a USB stick…</source>
        <translation>从U盘导入数据包…</translation>
    </message>
    <message>
        <source>Send the waiting bundles now</source>
        <translation>立即发送待传数据包</translation>
    </message>
    <message>
        <source>A laptop without network writes its events to a bundle file (sync export). Drop the file here or choose it: it is sent to the server now, or kept on this laptop until the server can be reached. Importing a bundle twice stores each event once.</source>
        <translation>没有网络的电脑把数据导出为数据包文件（sync export）。把文件拖到这里或选择它：能连上服务器就立即发送，否则先保存在本机，等服务器可达时再发送。同一数据包导入两次，每条记录也只保存一次。</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>采样点</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>导出时间</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>记录数</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>Already held</source>
        <translation>已存在</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Waiting for the server:</source>
        <translation>等待服务器：</translation>
    </message>
    <message>
        <source>Sync bundles</source>
        <translation>同步数据包</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>Bundles stored on the server: {count}.</source>
        <translation>已保存到服务器的数据包：{count}。</translation>
    </message>
    <message>
        <source>Kept here until the server can be reached: {count}.</source>
        <translation>暂存本机、待服务器可达时发送：{count}。</translation>
    </message>
    <message>
        <source>{file} refused: {reason}</source>
        <translation>{file} 被拒绝：{reason}</translation>
    </message>
</context>
<context>
    <name>CameraChooser</name>
    <message>
        <source>Choose the camera</source>
        <translation>选择摄像头</translation>
    </message>
    <message>
        <source>Look for cameras again</source>
        <translation>重新查找摄像头</translation>
    </message>
    <message>
        <source>Choose a camera on the left</source>
        <translation>请在左侧选择摄像头</translation>
    </message>
    <message>
        <source>Cameras on this laptop</source>
        <translation>本机的摄像头</translation>
    </message>
    <message>
        <source>{name} (camera {index})</source>
        <translation>{name}（摄像头 {index}）</translation>
    </message>
    <message>
        <source>No camera found: plug one in and look again, or choose a video file</source>
        <translation>未找到摄像头：请插上摄像头后重新查找，或选择视频文件</translation>
    </message>
    <message>
        <source>Camera {index} (not found now)</source>
        <translation>摄像头 {index}（当前未找到）</translation>
    </message>
    <message>
        <source>Video file…</source>
        <translation>视频文件…</translation>
    </message>
    <message>
        <source>Image folder…</source>
        <translation>图片文件夹…</translation>
    </message>
    <message>
        <source>Opening {source}…</source>
        <translation>正在打开 {source}…</translation>
    </message>
    <message>
        <source>Showing {name}</source>
        <translation>正在显示 {name}</translation>
    </message>
    <message>
        <source>Video file</source>
        <translation>视频文件</translation>
    </message>
    <message>
        <source>Videos and images (*.mp4 *.avi *.mkv *.mov *.webm *.png *.jpg *.jpeg)</source>
        <translation>视频和图片 (*.mp4 *.avi *.mkv *.mov *.webm *.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Image folder</source>
        <translation>图片文件夹</translation>
    </message>
</context>
<context>
    <name>CardReader</name>
    <message>
        <source>ID-card reader {spec}: looking for it…</source>
        <translation>身份证阅读器 {spec}：正在查找…</translation>
    </message>
    <message>
        <source>ID-card reader {name}: ready</source>
        <translation>身份证阅读器 {name}：就绪</translation>
    </message>
    <message>
        <source>ID-card reader: {problem}</source>
        <translation>身份证阅读器：{problem}</translation>
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
        <source>Checkpoint</source>
        <translation>采样点</translation>
    </message>
    <message>
        <source>Registered at</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <source>Tube</source>
        <translation>试管</translation>
    </message>
    <message>
        <source>Name (ID card)</source>
        <translation>姓名（身份证）</translation>
    </message>
    <message>
        <source>Expected {expected} · tested {tested} · missing {missing} · exempt {exempt}</source>
        <translation>应检 {expected} · 已检 {tested} · 未检 {missing} · 免检 {exempt}</translation>
    </message>
    <message>
        <source>Registered on no roster: {count}</source>
        <translation>已登记但不在任何名册：{count} 人</translation>
    </message>
    <message>
        <source>closed: as it stood at {time}</source>
        <translation>已结束：统计截至 {time}</translation>
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
    <name>FirmsScreen</name>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Reported headcount</source>
        <translation>申报人数</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Import headcounts from a sheet…</source>
        <translation>从表格导入申报人数…</translation>
    </message>
    <message>
        <source>Double-click a cell to change it. The sheet: enterprise, headcount, contact, phone.</source>
        <translation>双击单元格即可修改。导入表格的列：企业、人数、联系人、电话。</translation>
    </message>
    <message>
        <source>A headcount is a whole number.</source>
        <translation>人数须为整数。</translation>
    </message>
    <message>
        <source>{enterprise} saved.</source>
        <translation>{enterprise} 已保存。</translation>
    </message>
    <message>
        <source>Headcount sheet</source>
        <translation>申报人数表</translation>
    </message>
    <message>
        <source>Sheets (*.csv *.xlsx *.xlsm *.txt)</source>
        <translation>表格 (*.csv *.xlsx *.xlsm *.txt)</translation>
    </message>
    <message>
        <source>{changed} enterprises changed, {unchanged} unchanged, {bad} rows refused.</source>
        <translation>{changed} 家企业已更新，{unchanged} 家无变化，{bad} 行被拒绝。</translation>
    </message>
    <message>
        <source>row {row}: {reason}</source>
        <translation>第{row}行：{reason}</translation>
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
        <source>Another database…</source>
        <translation>其他数据库…</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>This database is encrypted</source>
        <translation>此数据库已加密</translation>
    </message>
    <message>
        <source>Type the campaign&apos;s passphrase to open it.</source>
        <translation>请输入本检测活动的口令以打开它。</translation>
    </message>
    <message>
        <source>No campaign is kept on this laptop yet: create one here, or enrol the laptop with the central server with the code the campaign office gives.</source>
        <translation>本机还没有检测活动：可以在本机新建，或用指挥部发放的注册码向中心服务器注册本机。</translation>
    </message>
    <message>
        <source>Set up this laptop</source>
        <translation>设置本机</translation>
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
        <source>The server&apos;s address, as the office shows it beside the code</source>
        <translation>服务器地址（防控办公室在注册码旁显示）</translation>
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
        <source>Open the code&apos;s file…</source>
        <translation>打开注册码文件…</translation>
    </message>
    <message>
        <source>The campaign office gives each checkpoint laptop a one-time enrolment code; the office&apos;s own laptop takes the one the server printed when it started (its file and QR code are beside the server&apos;s database). Scan its QR code, open its file (or drop the file here), or type it with the server&apos;s address.</source>
        <translation>防控办公室为每台采样点电脑发放一次性注册码；防控办公室自己的电脑使用服务器启动时显示的注册码（其文件和二维码在服务器数据库旁边）。扫描其二维码，打开其文件（或把文件拖到这里），或连同服务器地址手动输入。</translation>
    </message>
    <message>
        <source>The site has no checkpoint yet: sign in as the campaign office; a checkpoint is added when the office makes the enrolment code of its laptop.</source>
        <translation>本场所还没有采样点：请以防控办公室身份登录；防控办公室为某采样点的电脑生成注册码时，该采样点即被添加。</translation>
    </message>
    <message>
        <source>Open a new round…</source>
        <translation>开启新一轮…</translation>
    </message>
    <message>
        <source>Name of the new round</source>
        <translation>新一轮的名称</translation>
    </message>
    <message>
        <source>pool of </source>
        <translation>混采 </translation>
    </message>
    <message>
        <source>Open round</source>
        <translation>开启该轮</translation>
    </message>
    <message>
        <source>Choose the camera…</source>
        <translation>选择摄像头…</translation>
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
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>ID-card reader</source>
        <translation>身份证阅读器</translation>
    </message>
    <message>
        <source>Start the shift</source>
        <translation>开始本班</translation>
    </message>
    <message>
        <source>Sign in as the campaign office</source>
        <translation>以防控办公室身份登录</translation>
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
        <source>No round is open: open the first one, or sign in as the campaign office to prepare it.</source>
        <translation>没有进行中的轮次：请开启第一轮，或以防控办公室身份登录先做准备。</translation>
    </message>
    <message>
        <source>No round is open yet: the campaign office opens rounds.</source>
        <translation>尚无进行中的轮次：轮次由指挥部开启。</translation>
    </message>
    <message>
        <source>Name at least one checkpoint.</source>
        <translation>请至少填写一个采样点。</translation>
    </message>
    <message>
        <source>Enrolment code file</source>
        <translation>注册码文件</translation>
    </message>
    <message>
        <source>Enrolment codes (*.txt);;All files (*)</source>
        <translation>注册码 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Type the operator&apos;s name: who works this shift.</source>
        <translation>请输入操作员姓名：谁来值这一班。</translation>
    </message>
    <message>
        <source>Show the enrolment QR code to the camera</source>
        <translation>请向摄像头出示注册二维码</translation>
    </message>
</context>
<context>
    <name>GlanceScreen</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
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
        <source>Checkpoint</source>
        <translation>采样点</translation>
    </message>
    <message>
        <source>Registrations</source>
        <translation>登记数</translation>
    </message>
    <message>
        <source>Tubes</source>
        <translation>试管</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>已封管</translation>
    </message>
    <message>
        <source>Handed over</source>
        <translation>已交接</translation>
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
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Completion per enterprise</source>
        <translation>各企业完成情况</translation>
    </message>
    <message>
        <source>Per checkpoint: registrations and tubes</source>
        <translation>各采样点：登记与试管</translation>
    </message>
    <message>
        <source>Missing people: {count}</source>
        <translation>未检人员：{count}</translation>
    </message>
    <message>
        <source>Registered, on no roster: {count}</source>
        <translation>已登记但不在任何花名册：{count}</translation>
    </message>
    <message>
        <source>Laptops not seen for more than 30 minutes: {count}</source>
        <translation>超过30分钟未联系的电脑：{count}</translation>
    </message>
    <message>
        <source>No round yet: open one on the Rounds screen.</source>
        <translation>还没有轮次：请在“轮次”页面开启。</translation>
    </message>
    <message>
        <source>Expected {expected} · tested {tested} · missing {missing} · completion {completion}</source>
        <translation>应检 {expected} · 已检 {tested} · 未检 {missing} · 完成率 {completion}</translation>
    </message>
    <message>
        <source>(the site)</source>
        <translation>（园区）</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Laptops: this laptop is not enrolled with a server, or the server cannot be reached.</source>
        <translation>电脑：本机未在服务器注册，或无法连接服务器。</translation>
    </message>
</context>
<context>
    <name>HandoverScreen</name>
    <message>
        <source>Record handover</source>
        <translation>登记交接</translation>
    </message>
    <message>
        <source>Scan each tube in the box (or type its code and press Enter)</source>
        <translation>逐支扫描箱内试管（或输入管号后按回车）</translation>
    </message>
    <message>
        <source>Start the box again</source>
        <translation>重新清点本箱</translation>
    </message>
    <message>
        <source>Missing from the box:</source>
        <translation>箱内缺少：</translation>
    </message>
    <message>
        <source>In the box but not due here (take out):</source>
        <translation>不属于本次交接（请取出）：</translation>
    </message>
    <message>
        <source>Tubes counted in the box:</source>
        <translation>箱内清点试管数：</translation>
    </message>
    <message>
        <source>No transport box: scan a box&apos;s code to fill one.</source>
        <translation>未选转运箱：扫描箱码开始装箱。</translation>
    </message>
    <message>
        <source>Seal the box</source>
        <translation>封箱</translation>
    </message>
    <message>
        <source>Hand over the box</source>
        <translation>交接此箱</translation>
    </message>
    <message>
        <source>Put the box aside</source>
        <translation>暂放此箱</translation>
    </message>
    <message>
        <source>Tubes counted in the transport box:</source>
        <translation>转运箱内清点管数：</translation>
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
        <source>Box {box}: scan its tubes.</source>
        <translation>转运箱 {box}：请逐管扫码装箱。</translation>
    </message>
    <message>
        <source>Box {box}: {tube} put in, {count} tubes in it.</source>
        <translation>转运箱 {box}：已装入 {tube}，箱内共 {count} 管。</translation>
    </message>
    <message>
        <source>handed over</source>
        <translation>已交接</translation>
    </message>
    <message>
        <source>sealed</source>
        <translation>已封箱</translation>
    </message>
    <message>
        <source>open: scan its tubes</source>
        <translation>装箱中：请逐管扫码</translation>
    </message>
    <message>
        <source>Transport box {box}: {count} tubes, {state}</source>
        <translation>转运箱 {box}：{count} 管，{state}</translation>
    </message>
    <message>
        <source>Box {box} sealed with {count} tubes.</source>
        <translation>转运箱 {box} 已封箱，共 {count} 管。</translation>
    </message>
    <message>
        <source>Scanned: {scanned} · due: {due} · missing: {missing} · not due here: {extra}</source>
        <translation>已扫描 {scanned} · 应交 {due} · 缺少 {missing} · 多出 {extra}</translation>
    </message>
    <message>
        <source>Handover recorded at {time}: {count} tubes.</source>
        <translation>已于 {time} 登记交接：{count} 支试管。</translation>
    </message>
    <message>
        <source>Tubes in the box: {count}; sealed here since the last handover: {due}. Check the box against the list. Nothing was recorded.</source>
        <translation>箱内试管 {count} 支；上次交接后本点封管 {due} 支。请按清单核对试管箱。未登记交接。</translation>
    </message>
    <message>
        <source>The box is not the tubes sealed here: see the missing and extra tubes. Nothing was recorded.</source>
        <translation>箱内试管与本点已封试管不符：请查看缺少和多出的试管。未记录交接。</translation>
    </message>
</context>
<context>
    <name>LabScreen</name>
    <message>
        <source>Choose the lab&apos;s file…</source>
        <translation>选择检测机构的结果文件…</translation>
    </message>
    <message>
        <source>Import the results</source>
        <translation>导入结果</translation>
    </message>
    <message>
        <source>The lab&apos;s file: tube code (管号/样本编号) and result (结果).</source>
        <translation>检测机构的文件：管号（管号/样本编号）和结果（结果）。</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Tube</source>
        <translation>试管</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Why it is flagged</source>
        <translation>标记原因</translation>
    </message>
    <message>
        <source>Results for tubes this laptop never saw sealed or handed over to the courier: their results are recorded, but ask the checkpoint where these samples came from (a laptop that has not synced yet, or a tube that skipped the box). A result the lab gave under a broken tube&apos;s code is recorded for the tube its people were moved to.</source>
        <translation>以下试管在本机的记录中从未封管或从未交接给转运人员：结果已录入，但请向采样点核实这些样本的来历（可能是尚未同步的电脑，或未装箱交接的试管）。实验室以已作废试管的管号报告的结果，录入到其人员已转入的试管。</translation>
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
        <translation>电话</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>采样点</translation>
    </message>
    <message>
        <source>Sampled at</source>
        <translation>采样时间</translation>
    </message>
    <message>
        <source>Box</source>
        <translation>箱号</translation>
    </message>
    <message>
        <source>Handed over</source>
        <translation>交接时间</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>The lab&apos;s list of the tubes it received: a column of tube codes (管号/样本编号).</source>
        <translation>实验室的收样清单：一列管号（管号/样本编号）。</translation>
    </message>
    <message>
        <source>Record the lab&apos;s list of tubes received…</source>
        <translation>登记实验室收样清单…</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已送</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收</translation>
    </message>
    <message>
        <source>Sent, not received</source>
        <translation>已送未收</translation>
    </message>
    <message>
        <source>Received, in no box</source>
        <translation>已收但不在任何箱内</translation>
    </message>
    <message>
        <source>Still without a result</source>
        <translation>尚无结果</translation>
    </message>
    <message>
        <source>What the lab received</source>
        <translation>实验室收样</translation>
    </message>
    <message>
        <source>No result after (hours):</source>
        <translation>超过（小时）无结果：</translation>
    </message>
    <message>
        <source>Imported.</source>
        <translation>已导入。</translation>
    </message>
    <message>
        <source>{name} imported: {written} results written, {unchanged} already recorded ({positive} positive, {negative} negative); unknown tubes {unknown}; repeated rows {duplicates}; other rows refused {refused}; flagged {flagged} (listed with why).</source>
        <translation>{name} 已导入：写入 {written} 条结果，{unchanged} 条此前已录入（阳性 {positive}，阴性 {negative}）；未知试管 {unknown}；重复行 {duplicates}；其他被拒绝的行 {refused}；已标记 {flagged}（逐条列出原因）。</translation>
    </message>
    <message>
        <source>never sealed</source>
        <translation>从未封管</translation>
    </message>
    <message>
        <source>sealed, never handed over</source>
        <translation>已封管，从未交接</translation>
    </message>
    <message>
        <source>Show full phones and ID numbers (recorded)</source>
        <translation>显示完整手机号和身份证号（将被记录）</translation>
    </message>
    <message>
        <source>Export the recall list (XLSX)…</source>
        <translation>导出召回名单（XLSX）…</translation>
    </message>
    <message>
        <source>Positive tubes</source>
        <translation>阳性试管</translation>
    </message>
    <message>
        <source>Rows not imported</source>
        <translation>未导入的行</translation>
    </message>
    <message>
        <source>Positives and who to call</source>
        <translation>阳性及需联系的人员</translation>
    </message>
    <message>
        <source>The lab&apos;s file</source>
        <translation>检测结果文件</translation>
    </message>
    <message>
        <source>Sheets (*.csv *.xlsx *.xlsm *.txt)</source>
        <translation>表格 (*.csv *.xlsx *.xlsm *.txt)</translation>
    </message>
    <message>
        <source>One lab file at a time: {name} is shown.</source>
        <translation>一次只能处理一个检测机构文件：现显示 {name}。</translation>
    </message>
    <message>
        <source>{name}: {rows} rows; tubes matched {matched} (positive {positive}); unknown tubes {unknown}; results not understood {odd}. Nothing is written yet.</source>
        <translation>{name}：共 {rows} 行；匹配试管 {matched}（阳性 {positive}）；未知试管 {unknown}；无法识别的结果 {odd}。尚未写入任何数据。</translation>
    </message>
    <message>
        <source>unknown tube</source>
        <translation>未知试管</translation>
    </message>
    <message>
        <source>result not understood: {text}</source>
        <translation>无法识别的结果：{text}</translation>
    </message>
    <message>
        <source>the lab named broken tube {old}, whose people were moved here</source>
        <translation>实验室报告的是已作废试管 {old}，其中人员已转入本试管</translation>
    </message>
    <message>
        <source>Still without a result ({count})</source>
        <translation>尚无结果（{count}）</translation>
    </message>
    <message>
        <source>The lab&apos;s list of tubes received</source>
        <translation>实验室收样清单</translation>
    </message>
    <message>
        <source>{name}: {count} tube codes recorded.</source>
        <translation>{name}：已登记 {count} 个管号。</translation>
    </message>
    <message>
        <source>{name} was recorded before: nothing new.</source>
        <translation>{name} 已登记过：无新内容。</translation>
    </message>
    <message>
        <source>never a tube of this campaign</source>
        <translation>不是本次筛查的试管</translation>
    </message>
    <message>
        <source>a tube of this campaign, in no box</source>
        <translation>本次筛查的试管，未装箱</translation>
    </message>
    <message>
        <source>Boxes sent: {boxes}; tubes sent and not received: {missing}; tubes received in no box: {unboxed}.</source>
        <translation>已送转运箱 {boxes} 个；已送未收 {missing} 管；已收但不在箱内 {unboxed} 管。</translation>
    </message>
    <message>
        <source>Every positive tube</source>
        <translation>全部阳性试管</translation>
    </message>
    <message>
        <source>(voided)</source>
        <translation>（已作废）</translation>
    </message>
    <message>
        <source>Full numbers shown; this is recorded.</source>
        <translation>已显示完整号码；此操作已记录。</translation>
    </message>
    <message>
        <source>Recall list</source>
        <translation>召回名单</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Recall list written to {path} (people: {count}).</source>
        <translation>召回名单已写入 {path}（人数：{count}）。</translation>
    </message>
</context>
<context>
    <name>LabelsScreen</name>
    <message>
        <source>Tube labels</source>
        <translation>试管标签</translation>
    </message>
    <message>
        <source>Transport-box labels (转运箱)</source>
        <translation>转运箱标签</translation>
    </message>
    <message>
        <source>{word} (pool of {size})</source>
        <translation>{word}（{size} 人一管）</translation>
    </message>
    <message>
        <source>None (box labels: BOX)</source>
        <translation>无（转运箱标签：BOX）</translation>
    </message>
    <message>
        <source>A4 sheet, {columns} × {rows} labels of {width} × {height} mm (PDF)</source>
        <translation>A4 标签纸，{columns} × {rows} 张 {width} × {height} 毫米标签（PDF）</translation>
    </message>
    <message>
        <source>Label printer at {dpi} dpi, one PNG per label</source>
        <translation>标签打印机 {dpi} dpi，每张标签一个 PNG</translation>
    </message>
    <message>
        <source>Print to file…</source>
        <translation>打印到文件…</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>打印时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>混采</translation>
    </message>
    <message>
        <source>First</source>
        <translation>起始编号</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>结束编号</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签数</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>前缀</translation>
    </message>
    <message>
        <source>Print on</source>
        <translation>打印到</translation>
    </message>
    <message>
        <source>Codes are never printed twice: each laptop prints its own series, and every range printed is recorded and synced.</source>
        <translation>编号绝不会重复打印：每台电脑打印自己的号段，每次打印的号段都会记录并同步。</translation>
    </message>
    <message>
        <source>Printed so far:</source>
        <translation>已打印：</translation>
    </message>
    <message>
        <source>Label sheets</source>
        <translation>标签纸</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>A folder for the labels&apos; PNG files</source>
        <translation>存放标签 PNG 文件的文件夹</translation>
    </message>
    <message>
        <source>Printing {count} labels…</source>
        <translation>正在打印 {count} 张标签…</translation>
    </message>
    <message>
        <source>{count} labels, {first} to {last}, written to {path}.</source>
        <translation>{count} 张标签（{first} 至 {last}）已写入 {path}。</translation>
    </message>
</context>
<context>
    <name>LaptopsScreen</name>
    <message>
        <source>Another office laptop (administrator)</source>
        <translation>另一台办公室电脑（管理员）</translation>
    </message>
    <message>
        <source>Make an enrolment code</source>
        <translation>生成注册码</translation>
    </message>
    <message>
        <source>The code appears here: show it to the new laptop&apos;s webcam.</source>
        <translation>注册码将显示在这里：请让新电脑的摄像头对准它。</translation>
    </message>
    <message>
        <source>Save the code to a file (USB stick)…</source>
        <translation>将注册码保存为文件（U盘）…</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>采样点</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <source>Events held</source>
        <translation>服务器记录数</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Revoke the selected laptop</source>
        <translation>吊销所选电脑</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>生成时间</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Code id</source>
        <translation>注册码编号</translation>
    </message>
    <message>
        <source>Cancel the selected code</source>
        <translation>作废所选注册码</translation>
    </message>
    <message>
        <source>The site&apos;s laptops</source>
        <translation>本园区的电脑</translation>
    </message>
    <message>
        <source>Enrolment codes not used yet</source>
        <translation>尚未使用的注册码</translation>
    </message>
    <message>
        <source>office</source>
        <translation>办公室</translation>
    </message>
    <message>
        <source>checkpoint</source>
        <translation>采样点</translation>
    </message>
    <message>
        <source>One use, for {checkpoint}, until {expires}. To type it: {typed} with the server {server}</source>
        <translation>仅限一次，用于{checkpoint}，有效期至 {expires}。手动输入：注册码 {typed}，服务器 {server}</translation>
    </message>
    <message>
        <source>Show the code to the new laptop&apos;s webcam, save it to a file for it, or type it there.</source>
        <translation>请把注册码对准新电脑的摄像头，或保存为文件带过去，或在新电脑上手动输入。</translation>
    </message>
    <message>
        <source>Save the enrolment code</source>
        <translation>保存注册码</translation>
    </message>
    <message>
        <source>Enrolment codes (*.txt)</source>
        <translation>注册码 (*.txt)</translation>
    </message>
    <message>
        <source>Saved to {file}: open it on the new laptop&apos;s enrolment page, or drop it there.</source>
        <translation>已保存到 {file}：请在新电脑的注册页面打开此文件，或把它拖到该页面。</translation>
    </message>
    <message>
        <source>Select the code to cancel.</source>
        <translation>请选择要作废的注册码。</translation>
    </message>
    <message>
        <source>Cancel the unused code for {checkpoint}? No laptop can enrol with it any more.</source>
        <translation>作废{checkpoint}尚未使用的注册码？此后任何电脑都不能再用它注册。</translation>
    </message>
    <message>
        <source>Cancelled: that code enrols no laptop now.</source>
        <translation>已作废：该注册码不能再注册任何电脑。</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>已吊销</translation>
    </message>
    <message>
        <source>not seen for 30 min</source>
        <translation>超过30分钟未联系</translation>
    </message>
    <message>
        <source>in touch</source>
        <translation>联系正常</translation>
    </message>
    <message>
        <source>(the site)</source>
        <translation>（园区）</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Choose or type the checkpoint of the new laptop.</source>
        <translation>请选择或输入新电脑所在的采样点。</translation>
    </message>
    <message>
        <source>the campaign office</source>
        <translation>防控办公室</translation>
    </message>
    <message>
        <source>Select the laptop to revoke.</source>
        <translation>请选择要吊销的电脑。</translation>
    </message>
    <message>
        <source>Revoke the laptop of {checkpoint}? It can never sync again; enrol it anew.</source>
        <translation>吊销{checkpoint}的电脑？它将再也无法同步，需要重新注册。</translation>
    </message>
    <message>
        <source>Revoked: that laptop can no longer send or receive anything.</source>
        <translation>已吊销：该电脑再也无法上传或接收任何数据。</translation>
    </message>
</context>
<context>
    <name>LiaisonsScreen</name>
    <message>
        <source>User name, e.g. zhang.jia</source>
        <translation>用户名，例如 zhang.jia</translation>
    </message>
    <message>
        <source>Make the account</source>
        <translation>创建账号</translation>
    </message>
    <message>
        <source>Save its sign-in sheet to print…</source>
        <translation>保存登录单以便打印…</translation>
    </message>
    <message>
        <source>Liaison</source>
        <translation>联络员</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Where, when, note</source>
        <translation>地点、时间、备注</translation>
    </message>
    <message>
        <source>From</source>
        <translation>提交人</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <source>The office&apos;s note, shown to the liaison (a declined reason needs one)</source>
        <translation>指挥部意见，联络员可见（退回时请填写）</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>同意</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Accept all of this enterprise</source>
        <translation>同意该企业全部</translation>
    </message>
    <message>
        <source>Decline all of this enterprise</source>
        <translation>退回该企业全部</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Each enterprise&apos;s liaison signs in to the dashboard and sees only their enterprise: its figures and its missing people, for whom they give reasons. Accepted, a reason exempts the person from the round (one who left the company leaves the roster); declined, it goes back to the liaison with your note. Answers reach the server with the next sync.</source>
        <translation>各企业联络员登录指挥大屏，只能看到本企业：本企业的数据和未检人员，并为未检人员说明原因。同意后，此人本轮免检（已离职的人员移出名单）；退回后，原因连同您的意见返回联络员。审核结果在下次同步时送达服务器。</translation>
    </message>
    <message>
        <source>Reasons waiting for an answer</source>
        <translation>待审核的未检原因</translation>
    </message>
    <message>
        <source>away</source>
        <translation>外出/休假</translation>
    </message>
    <message>
        <source>in isolation</source>
        <translation>隔离中</translation>
    </message>
    <message>
        <source>tested elsewhere</source>
        <translation>已在别处检测</translation>
    </message>
    <message>
        <source>left the company</source>
        <translation>已离职</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Type the liaison&apos;s user name and choose their enterprise.</source>
        <translation>请输入联络员的用户名并选择企业。</translation>
    </message>
    <message>
        <source>{user} can sign in at {address}: save the sign-in sheet and hand it over.</source>
        <translation>{user} 可在 {address} 登录：请保存登录单并交给联络员。</translation>
    </message>
    <message>
        <source>Save the sign-in sheet</source>
        <translation>保存登录单</translation>
    </message>
    <message>
        <source>Pictures (*.png)</source>
        <translation>图片 (*.png)</translation>
    </message>
    <message>
        <source>Saved to {file}: print it for the liaison.</source>
        <translation>已保存到 {file}：请打印交给联络员。</translation>
    </message>
    <message>
        <source>Select a reason first.</source>
        <translation>请先选择一条原因。</translation>
    </message>
    <message>
        <source>campaign office</source>
        <translation>指挥部</translation>
    </message>
    <message>
        <source>Accepted: {count}.</source>
        <translation>已同意：{count} 条。</translation>
    </message>
    <message>
        <source>Declined: {count}.</source>
        <translation>已退回：{count} 条。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Testing point station — the campaign office</source>
        <translation>核酸采样登记站 — 防控办公室</translation>
    </message>
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
    <message>
        <source>Camera: every picture has been read</source>
        <translation>摄像头：图片已全部读完</translation>
    </message>
</context>
<context>
    <name>ManualEntry</name>
    <message>
        <source>The right person</source>
        <translation>正确的人员</translation>
    </message>
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
        <source>Read at {time}: {code}</source>
        <translation>{time} 读取：{code}</translation>
    </message>
    <message>
        <source>This health code comes from another system: enter the ID number.</source>
        <translation>此健康码来自其他系统：请输入身份证号。</translation>
    </message>
    <message>
        <source>Registered: {registration}. Who is really in this tube position? Scan their code, type their ID number or find them on the roster.</source>
        <translation>登记的是：{registration}。此试管位置实际是谁？请扫描其码、输入其身份证号，或在名册中查找。</translation>
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
        <source>Correct</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>{count} more waiting</source>
        <translation>还有 {count} 个待核验</translation>
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
    <name>MoveTubeDialog</name>
    <message>
        <source>Tube cracked</source>
        <translation>试管破裂</translation>
    </message>
    <message>
        <source>Wrong label on the tube</source>
        <translation>试管贴错标签</translation>
    </message>
    <message>
        <source>Label unreadable</source>
        <translation>标签无法识别</translation>
    </message>
    <message>
        <source>Move a tube&apos;s people to a new barcode</source>
        <translation>条码转移：把试管中的人员转到新条码</translation>
    </message>
    <message>
        <source>The cracked or mislabelled tube</source>
        <translation>破裂或贴错标签的试管</translation>
    </message>
    <message>
        <source>Scan or type the new tube&apos;s barcode</source>
        <translation>扫描或输入新试管的条码</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>转移</translation>
    </message>
    <message>
        <source>Broken tube</source>
        <translation>原试管</translation>
    </message>
    <message>
        <source>New tube</source>
        <translation>新试管</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Everyone in the broken tube goes into the new one, in the same positions: nobody is registered again. The broken tube&apos;s code is never used again.</source>
        <translation>原试管中的所有人按原位置转入新试管，无需重新登记。原试管的编号今后不再使用。</translation>
    </message>
    <message>
        <source>{people} people moved from {old} to {new}; {old} is broken.</source>
        <translation>{people} 人已从 {old} 转到 {new}；{old} 已作废。</translation>
    </message>
</context>
<context>
    <name>NewPassphrase</name>
    <message>
        <source>The database is encrypted with this passphrase. It is asked for at every start; without it nobody can read the data, so keep it with the campaign&apos;s papers.</source>
        <translation>数据库用此口令加密。每次启动都要输入；没有它任何人都无法读取数据，请与检测活动的文件一起妥善保管。</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>再次输入口令</translation>
    </message>
    <message>
        <source>The passphrase needs at least {count} characters.</source>
        <translation>口令至少需要 {count} 个字符。</translation>
    </message>
    <message>
        <source>The two passphrases differ: type the same one twice.</source>
        <translation>两次输入的口令不一致：请输入同一个口令两次。</translation>
    </message>
</context>
<context>
    <name>OfficeScreens</name>
    <message>
        <source>At a glance</source>
        <translation>总览</translation>
    </message>
    <message>
        <source>Rosters</source>
        <translation>花名册</translation>
    </message>
    <message>
        <source>Headcounts</source>
        <translation>申报人数</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Person codes</source>
        <translation>人员码</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Laptops</source>
        <translation>电脑</translation>
    </message>
    <message>
        <source>Bundles</source>
        <translation>数据包</translation>
    </message>
    <message>
        <source>Lab results</source>
        <translation>检测结果</translation>
    </message>
    <message>
        <source>Unmaskings</source>
        <translation>明文查看记录</translation>
    </message>
    <message>
        <source>Liaisons</source>
        <translation>企业联络员</translation>
    </message>
    <message>
        <source>Campaign office</source>
        <translation>防控办公室</translation>
    </message>
    <message>
        <source>Reminders</source>
        <translation>联络员提醒</translation>
    </message>
</context>
<context>
    <name>PersonEditor</name>
    <message>
        <source>Search the rosters: name or phone digits</source>
        <translation>搜索花名册：姓名或手机号数字</translation>
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
        <source>Walk-in (known by enterprise, not on its roster)</source>
        <translation>临时人员（知道所属企业，但不在其花名册上）</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>New person</source>
        <translation>新增人员</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Take off the roster</source>
        <translation>移出花名册</translation>
    </message>
    <message>
        <source>One person</source>
        <translation>单个人员</translation>
    </message>
    <message>
        <source>{phone} (blank: unchanged)</source>
        <translation>{phone}（留空：不变）</translation>
    </message>
    <message>
        <source>No enterprise named “{enterprise}” is known. Create a new enterprise “{enterprise}”?</source>
        <translation>没有名为“{enterprise}”的已知企业。要新建企业“{enterprise}”吗？</translation>
    </message>
    <message>
        <source>Not saved: choose a known enterprise, or confirm the new one.</source>
        <translation>未保存：请选择已知企业，或确认新建该企业。</translation>
    </message>
    <message>
        <source>Added.</source>
        <translation>已添加。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>没有变化。</translation>
    </message>
    <message>
        <source>{name} is off the roster of {enterprise}.</source>
        <translation>{name} 已移出 {enterprise} 的花名册。</translation>
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
        <source>{what}: another laptop corrected or voided the same registration first; yours is kept aside, not applied: check who is in that tube position</source>
        <translation>{what}：另一台电脑先更正或作废了同一条登记；本机的这条已搁置、未生效：请核对该试管位置上的人</translation>
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
        <source>tested</source>
        <translation>已检</translation>
    </message>
    <message>
        <source>expected {count}</source>
        <translation>应检 {count}</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>File Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation>驱动器</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷方式</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>ReaderRow</name>
    <message>
        <source>No ID-card reader</source>
        <translation>不用身份证阅读器</translation>
    </message>
    <message>
        <source>auto finds the reader; or serial:PORT, or the vendor&apos;s service: huashi, shensi, decard</source>
        <translation>auto 自动查找阅读器；或 serial:端口，或厂商的服务：huashi（华视）、shensi（神思）、decard（德卡）</translation>
    </message>
    <message>
        <source>Test…</source>
        <translation>测试…</translation>
    </message>
</context>
<context>
    <name>ReaderTest</name>
    <message>
        <source>Test the ID-card reader</source>
        <translation>测试身份证阅读器</translation>
    </message>
    <message>
        <source>Lay a card on the reader</source>
        <translation>请把身份证放在阅读器上</translation>
    </message>
    <message>
        <source>Read: lay another card, or close</source>
        <translation>已读取：可再放一张，或关闭</translation>
    </message>
</context>
<context>
    <name>RemindersScreen</name>
    <message>
        <source>WeCom robot</source>
        <translation>企业微信机器人</translation>
    </message>
    <message>
        <source>DingTalk robot</source>
        <translation>钉钉机器人</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>The robot&apos;s webhook address, or the liaison&apos;s e-mail address</source>
        <translation>机器人的 Webhook 地址，或联络员的电子邮件地址</translation>
    </message>
    <message>
        <source>Set the channel</source>
        <translation>设置渠道</translation>
    </message>
    <message>
        <source>Remove the selected channel</source>
        <translation>删除所选渠道</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Set by</source>
        <translation>设置人</translation>
    </message>
    <message>
        <source>Remind every enterprise&apos;s liaison now</source>
        <translation>立即提醒各企业联络员</translation>
    </message>
    <message>
        <source>Remind the selected enterprise&apos;s liaison</source>
        <translation>提醒所选企业的联络员</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Sent at</source>
        <translation>发送时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>发起人</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Each enterprise&apos;s liaison gets the round&apos;s list of its people not yet tested (names and masked ID numbers only) and a link to the command centre&apos;s page. A send that fails is tried again by the server, waiting longer each time, and shown here until it is delivered or given up.</source>
        <translation>各企业联络员会收到本轮本企业未检人员名单（仅姓名和打码的身份证号）以及指挥中心页面的链接。发送失败时由服务器重试，每次间隔更长，并在此显示，直到送达或放弃。</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>The server has a mail server for e-mail reminders.</source>
        <translation>服务器已设置用于电子邮件提醒的邮件服务器。</translation>
    </message>
    <message>
        <source>The server has no mail server yet: e-mail reminders wait until one is set there.</source>
        <translation>服务器尚未设置邮件服务器：电子邮件提醒将等到设置后再发送。</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>retrying</source>
        <translation>重试中</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>发送失败</translation>
    </message>
    <message>
        <source>no channel</source>
        <translation>无渠道</translation>
    </message>
    <message>
        <source>nobody missing</source>
        <translation>无未检人员</translation>
    </message>
    <message>
        <source>Choose the enterprise and type where its reminders go.</source>
        <translation>请选择企业并填写提醒发送的地址。</translation>
    </message>
    <message>
        <source>Reminders for {enterprise} go to {target}.</source>
        <translation>{enterprise} 的提醒将发送到 {target}。</translation>
    </message>
    <message>
        <source>Select the enterprise&apos;s channel.</source>
        <translation>请先选择企业的渠道。</translation>
    </message>
    <message>
        <source>{enterprise} gets no reminders any more.</source>
        <translation>{enterprise} 不再接收提醒。</translation>
    </message>
    <message>
        <source>There is no round to remind of.</source>
        <translation>没有可提醒的轮次。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>Sent to {sent} liaisons.</source>
        <translation>已发送给 {sent} 位联络员。</translation>
    </message>
    <message>
        <source>Not sent: {names}.</source>
        <translation>未发送：{names}。</translation>
    </message>
</context>
<context>
    <name>RostersScreen</name>
    <message>
        <source>Choose roster files…</source>
        <translation>选择花名册文件…</translation>
    </message>
    <message>
        <source>Replace: take off the people a file no longer lists</source>
        <translation>替换：移出文件中已不再列出的人员</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Drop roster files here (CSV in UTF-8, GBK or GB18030, or XLSX), or choose them.</source>
        <translation>把花名册文件拖到这里（UTF-8、GBK 或 GB18030 编码的 CSV，或 XLSX），或点击选择。</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>for a file without an enterprise column</source>
        <translation>用于没有企业列的文件</translation>
    </message>
    <message>
        <source>A file without an enterprise column is this enterprise&apos;s roster; a file with one imports only this enterprise&apos;s rows. Blank: every enterprise a file lists.</source>
        <translation>没有企业列的文件视为该企业的名单；有企业列的文件只导入该企业的行。留空：导入文件列出的所有企业。</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Bad rows</source>
        <translation>错误行</translation>
    </message>
    <message>
        <source>Would leave</source>
        <translation>将移出</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Kept at</source>
        <translation>保留在</translation>
    </message>
    <message>
        <source>Also listed by</source>
        <translation>同时列于</translation>
    </message>
    <message>
        <source>File rows</source>
        <translation>所在行</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已选导入</translation>
    </message>
    <message>
        <source>Import the selected row instead</source>
        <translation>改为导入所选的行</translation>
    </message>
    <message>
        <source>Rows giving one ID number different details: the first row read is imported unless you choose another.</source>
        <translation>同一身份证号在多行中信息不同：除非另行选择，否则导入最先读到的那一行。</translation>
    </message>
    <message>
        <source>Bad rows ({count})</source>
        <translation>错误行（{count}）</translation>
    </message>
    <message>
        <source>Would leave ({count})</source>
        <translation>将移出（{count}）</translation>
    </message>
    <message>
        <source>Conflicts ({count})</source>
        <translation>冲突（{count}）</translation>
    </message>
    <message>
        <source>Same ID number ({count})</source>
        <translation>同一身份证号（{count}）</translation>
    </message>
    <message>
        <source>Roster files</source>
        <translation>花名册文件</translation>
    </message>
    <message>
        <source>Rosters ({patterns})</source>
        <translation>花名册 ({patterns})</translation>
    </message>
    <message>
        <source>Reading {count} files…</source>
        <translation>正在读取 {count} 个文件…</translation>
    </message>
    <message>
        <source>Nothing is written yet: check the preview, then import ({count} files).</source>
        <translation>尚未写入任何数据：请核对预览，然后导入（{count} 个文件）。</translation>
    </message>
    <message>
        <source>Some ID numbers are on several rows with different details: choose the row to import on the “Same ID number” tab.</source>
        <translation>部分身份证号出现在多行且信息不同：请在“同一身份证号”页选择要导入的行。</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Imported {files} files: {added} added, {updated} updated, {unchanged} unchanged, {removed} taken off the roster, {conflicts} conflicts kept for a decision.</source>
        <translation>已导入 {files} 个文件：新增 {added}，更新 {updated}，无变化 {unchanged}，移出花名册 {removed}，{conflicts} 个冲突待决定。</translation>
    </message>
</context>
<context>
    <name>RoundsScreen</name>
    <message>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Pool size</source>
        <translation>混采人数</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>开启时间</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Name of the new round, e.g. 第2轮</source>
        <translation>新轮次名称，例如 第2轮</translation>
    </message>
    <message>
        <source>Open round</source>
        <translation>开启轮次</translation>
    </message>
    <message>
        <source>Close the selected round</source>
        <translation>结束所选轮次</translation>
    </message>
    <message>
        <source>A round is open while its people are being tested: every checkpoint registers into it, and its figures change with each registration and roster edit. Closing a round ends it for every laptop: no more registrations, and its figures are kept as they stood when it closed, whatever rosters change later. The pool size is how many samples go in one tube.</source>
        <translation>轮次开启期间进行检测：各采样点的登记都计入该轮，统计随每次登记和花名册修改而变化。结束轮次对所有电脑生效：不再接受登记，统计保持结束时的数字，之后花名册如何变化都不影响。混采人数是一支试管装入的样本数。</translation>
    </message>
    <message>
        <source>open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Round {round} is open.</source>
        <translation>轮次 {round} 已开启。</translation>
    </message>
    <message>
        <source>Select the round to close.</source>
        <translation>请选择要结束的轮次。</translation>
    </message>
    <message>
        <source>Close round {round}? No laptop can register into it any more.</source>
        <translation>结束轮次 {round}？所有电脑都将不能再登记到该轮次。</translation>
    </message>
    <message>
        <source>Round {round} is closed: its figures are kept as they stood.</source>
        <translation>轮次 {round} 已结束：统计保持结束时的数字。</translation>
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
        <source>Void or correct…</source>
        <translation>作废或更正…</translation>
    </message>
    <message>
        <source>No roster yet: import the rosters on the “Campaign office” tab</source>
        <translation>尚无名册：请在“防控办公室”页导入名册</translation>
    </message>
    <message>
        <source>No roster yet: waiting for the campaign office</source>
        <translation>尚无名册：等待指挥部下发</translation>
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
        <source>Choose…</source>
        <translation>选择…</translation>
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
        <source>ID-card reader</source>
        <translation>身份证阅读器</translation>
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
</context>
<context>
    <name>Station</name>
    <message>
        <source>Not a tube barcode: type the code printed on the tube&apos;s label</source>
        <translation>不是试管条码：请输入试管标签上印的编号</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Export bundle for USB…</source>
        <translation>导出同步包到U盘…</translation>
    </message>
    <message>
        <source>Without network: write this laptop&apos;s events to a file for the campaign office</source>
        <translation>没有网络时：把本机的事件写入文件，交给指挥部</translation>
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
    <message>
        <source>Export bundle for USB</source>
        <translation>导出同步包到U盘</translation>
    </message>
    <message>
        <source>Sync bundles (*.bundle)</source>
        <translation>同步包 (*.bundle)</translation>
    </message>
    <message>
        <source>{count} events written to {path}. Sealed: only the server can read it.</source>
        <translation>已将 {count} 个事件写入 {path}。已加密：只有服务器能读取。</translation>
    </message>
    <message>
        <source>{count} events written to {path}. Not sealed: this laptop learns the server&apos;s key at its first sync over the network.</source>
        <translation>已将 {count} 个事件写入 {path}。未加密：本机在第一次联网同步时才获得服务器的密钥。</translation>
    </message>
    <message>
        <source>No bundle written: {reason}</source>
        <translation>未写入同步包：{reason}</translation>
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
        <source>Replaced by</source>
        <translation>更正为</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
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
        <source>Corrected away: not in these tubes, do not call</source>
        <translation>已更正移出：不在这些试管中，无需联系</translation>
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
        <source>Tube {tube} is broken: its people were moved to {new} ({reason}).</source>
        <translation>试管 {tube} 已作废：其中人员已转到 {new}（{reason}）。</translation>
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
        <source>Move tube…</source>
        <translation>条码转移…</translation>
    </message>
    <message>
        <source>A cracked or mislabelled tube: its people go to a new barcode</source>
        <translation>试管破裂或贴错标签：把其中的人员转到新条码</translation>
    </message>
    <message>
        <source>Next tube is a single tube</source>
        <translation>下一支为单采管</translation>
    </message>
    <message>
        <source>Type a tube code and press Enter</source>
        <translation>输入试管编号后按回车</translation>
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
    <name>UnmaskingsScreen</name>
    <message>
        <source>All rounds</source>
        <translation>全部轮次</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Laptop</source>
        <translation>电脑</translation>
    </message>
    <message>
        <source>List</source>
        <translation>名单</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Missing people</source>
        <translation>未检人员</translation>
    </message>
    <message>
        <source>Registered, on no roster</source>
        <translation>已登记但不在任何花名册</translation>
    </message>
    <message>
        <source>Traceback export</source>
        <translation>追溯名单导出</translation>
    </message>
    <message>
        <source>Recall list</source>
        <translation>召回名单</translation>
    </message>
    <message>
        <source>Command centre export</source>
        <translation>指挥中心导出</translation>
    </message>
    <message>
        <source>Box manifest for the lab</source>
        <translation>转运箱送检清单</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>this laptop</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Unmaskings recorded: {count} (newest first)</source>
        <translation>明文查看记录：{count} 条（最新在前）</translation>
    </message>
    <message>
        <source>Nothing has been unmasked yet. Every export with full ID numbers and phones (--reveal on the command line, the command centre&apos;s unmasked export) and every reveal in this window is recorded here.</source>
        <translation>尚无明文查看记录。每次导出完整身份证号和手机号（命令行的 --reveal、指挥中心的明文导出）以及本窗口中的每次显示完整信息，都会记录在这里。</translation>
    </message>
    <message>
        <source>Nothing was unmasked in round {round}.</source>
        <translation>{round} 中没有明文查看记录。</translation>
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
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Tube</source>
        <translation>试管</translation>
    </message>
    <message>
        <source>Pos.</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Laptop</source>
        <translation>电脑</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Void or correct a registration</source>
        <translation>作废或更正登记</translation>
    </message>
    <message>
        <source>Name, ID number (last digits, or masked as shown) or tube code</source>
        <translation>姓名、身份证号（末几位，或按显示的遮挡形式）或试管编码</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Correct…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <source>Registrations of round {round} at {checkpoint}, from every laptop here:</source>
        <translation>采样点 {checkpoint} 在{round}的登记（含本采样点所有电脑）：</translation>
    </message>
    <message>
        <source>this laptop</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>another laptop</source>
        <translation>其他电脑</translation>
    </message>
    <message>
        <source>Only the newest {count} are listed: type more to narrow the search.</source>
        <translation>只列出最新的 {count} 条：请多输入一些以缩小范围。</translation>
    </message>
    <message>
        <source>No registration here matches.</source>
        <translation>本采样点没有相符的登记。</translation>
    </message>
    <message>
        <source>No registration here yet.</source>
        <translation>本采样点还没有登记。</translation>
    </message>
    <message>
        <source>Corrected: {reason}</source>
        <translation>已更正：{reason}</translation>
    </message>
    <message>
        <source>Voided: {reason}</source>
        <translation>已作废：{reason}</translation>
    </message>
    <message>
        <source>{person} in tube {tube}, position {position}</source>
        <translation>试管 {tube} 第 {position} 位的 {person}</translation>
    </message>
    <message>
        <source>Corrected: tube {tube}, position {position} now holds {person}.</source>
        <translation>已更正：试管 {tube} 第 {position} 位现为 {person}。</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <source>Select the registrations to void.</source>
        <translation>请选择要作废的登记。</translation>
    </message>
    <message>
        <source>Already voided or corrected.</source>
        <translation>已作废或已更正。</translation>
    </message>
    <message>
        <source>A void needs a reason.</source>
        <translation>作废需要填写原因。</translation>
    </message>
    <message>
        <source>Void {registrations}? The samples stay in their tubes.</source>
        <translation>作废{registrations}的登记？样本仍留在试管中。</translation>
    </message>
    <message>
        <source>Select the one registration to correct.</source>
        <translation>请选择要更正的一条登记。</translation>
    </message>
    <message>
        <source>A correction needs a reason.</source>
        <translation>更正需要填写原因。</translation>
    </message>
    <message>
        <source>Put the chosen person in tube {tube}, position {position}, in place of {person}?</source>
        <translation>用所选人员替换试管 {tube} 第 {position} 位的 {person}？</translation>
    </message>
    <message>
        <source>Voided.</source>
        <translation>已作废。</translation>
    </message>
</context>
<context>
    <name>confirm</name>
    <message>
        <source>Quit the station?</source>
        <translation>退出登记站？</translation>
    </message>
    <message>
        <source>Are you sure?</source>
        <translation>确定吗？</translation>
    </message>
    <message>
        <source>The station goes back to sign-in; the next shift starts there. Registrations made so far are kept.</source>
        <translation>将返回登录界面，下一班次从那里开始。已登记的记录都会保留。</translation>
    </message>
    <message>
        <source>End the shift?</source>
        <translation>结束本班次？</translation>
    </message>
    <message>
        <source>Closing this window ends the station program. Registrations made so far are kept.</source>
        <translation>关闭此窗口将退出登记程序。已登记的数据会保留。</translation>
    </message>
</context>
<context>
    <name>office</name>
    <message>
        <source>The server cannot be reached: {why}</source>
        <translation>无法连接服务器：{why}</translation>
    </message>
</context>
<context>
    <name>reasons</name>
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
        <source>a transport box opened</source>
        <translation>开启转运箱</translation>
    </message>
    <message>
        <source>tubes put in a transport box</source>
        <translation>试管装入转运箱</translation>
    </message>
    <message>
        <source>a transport box sealed</source>
        <translation>转运箱封箱</translation>
    </message>
    <message>
        <source>the lab&apos;s receipt of tubes</source>
        <translation>实验室收样</translation>
    </message>
    <message>
        <source>a tube&apos;s people moved to a new barcode</source>
        <translation>一次条码转移</translation>
    </message>
    <message>
        <source>labels printed</source>
        <translation>一批打印的标签</translation>
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
        <source>a liaison&apos;s reason for a missing person</source>
        <translation>联络员提交的未检原因</translation>
    </message>
    <message>
        <source>the office&apos;s answer to a liaison&apos;s reason</source>
        <translation>指挥部对未检原因的审核</translation>
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
    <message>
        <source>an unmasking of personal data</source>
        <translation>一次个人信息明文查看</translation>
    </message>
    <message>
        <source>a purge of personal data</source>
        <translation>一次个人信息清除</translation>
    </message>
    <message>
        <source>Camera {index}</source>
        <translation>摄像头 {index}</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>headcount</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>tube</source>
        <translation>试管</translation>
    </message>
    <message>
        <source>result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>database.busy</source>
        <translation>数据库正忙：另一个程序正在写入；未作任何修改，请重试</translation>
    </message>
    <message>
        <source>database.disk_full</source>
        <translation>磁盘已满：未作任何修改；请腾出空间后重试</translation>
    </message>
    <message>
        <source>database.write_failed</source>
        <translation>数据库无法写入（{why}）：未作任何修改</translation>
    </message>
    <message>
        <source>database.read_only</source>
        <translation>此处的数据库是只读的：未作任何修改</translation>
    </message>
    <message>
        <source>database.damaged</source>
        <translation>数据库文件已损坏（{why}）：请从备份恢复</translation>
    </message>
    <message>
        <source>database.error</source>
        <translation>数据库错误：{why}</translation>
    </message>
    <message>
        <source>several</source>
        <translation>{first}；{rest}</translation>
    </message>
    <message>
        <source>name.site</source>
        <translation>场所名称须为 1 至 64 个可打印字符</translation>
    </message>
    <message>
        <source>name.checkpoint</source>
        <translation>采样点名称须为 1 至 64 个可打印字符</translation>
    </message>
    <message>
        <source>name.round</source>
        <translation>轮次名称须为 1 至 64 个可打印字符</translation>
    </message>
    <message>
        <source>name.operator</source>
        <translation>操作员姓名须为 1 至 64 个可打印字符</translation>
    </message>
    <message>
        <source>name.enterprise</source>
        <translation>企业名称须为 1 至 64 个可打印字符</translation>
    </message>
    <message>
        <source>name.person</source>
        <translation>姓名须为 1 至 64 个可打印字符</translation>
    </message>
    <message>
        <source>round.pool_size</source>
        <translation>混采人数须为 1 至 {most}，不能是 {size}</translation>
    </message>
    <message>
        <source>round.unknown</source>
        <translation>未知轮次 {round}</translation>
    </message>
    <message>
        <source>round.closed</source>
        <translation>{round} 已结束</translation>
    </message>
    <message>
        <source>round.already_open</source>
        <translation>{round} 已在进行中</translation>
    </message>
    <message>
        <source>round.already_closed</source>
        <translation>{round} 已经结束</translation>
    </message>
    <message>
        <source>checkpoint.unknown</source>
        <translation>未知采样点 {checkpoint}（已有：{known}）</translation>
    </message>
    <message>
        <source>campaign.exists</source>
        <translation>此数据库已有一次检测活动</translation>
    </message>
    <message>
        <source>session.checkpoint</source>
        <translation>请选择采样点</translation>
    </message>
    <message>
        <source>session.round</source>
        <translation>请选择轮次</translation>
    </message>
    <message>
        <source>campaign.tube_pattern</source>
        <translation>本次活动的{problem}</translation>
    </message>
    <message>
        <source>tube_pattern.too_long</source>
        <translation>试管编号规则最多 {most} 个字符</translation>
    </message>
    <message>
        <source>tube_pattern.not_re2</source>
        <translation>试管编号规则 {pattern} 不是可用的正则表达式：{why}</translation>
    </message>
    <message>
        <source>code.binary</source>
        <translation>不是文本码：码中含有二进制数据</translation>
    </message>
    <message>
        <source>code.too_long</source>
        <translation>内容过长（{length} 个字符），不是有效的码</translation>
    </message>
    <message>
        <source>code.empty</source>
        <translation>没有输入内容</translation>
    </message>
    <message>
        <source>code.unprintable</source>
        <translation>码中含有无法识别的字符</translation>
    </message>
    <message>
        <source>code.off_roster</source>
        <translation>人员码真实有效，但此人不在本机的任何名册上</translation>
    </message>
    <message>
        <source>code.foreign</source>
        <translation>其他系统的健康码：请核对此人的身份证号</translation>
    </message>
    <message>
        <source>code.unknown</source>
        <translation>不是身份证号、人员码、试管条码或健康码</translation>
    </message>
    <message>
        <source>person_code.bad_key</source>
        <translation>人员密钥须为 16 个 base32 字符</translation>
    </message>
    <message>
        <source>person_code.public_only</source>
        <translation>本机只有公钥：人员码只能在管理员电脑上签发</translation>
    </message>
    <message>
        <source>person_code.malformed</source>
        <translation>人员码已损坏</translation>
    </message>
    <message>
        <source>person_code.unknown_key</source>
        <translation>其他活动的人员码（密钥 {kid}）</translation>
    </message>
    <message>
        <source>person_code.signature_not_base32</source>
        <translation>人员码签名不是 base32：可能被篡改，请核对身份证</translation>
    </message>
    <message>
        <source>person_code.forged</source>
        <translation>人员码被篡改或伪造：请核对身份证</translation>
    </message>
    <message>
        <source>id.shape</source>
        <translation>身份证号为 17 位数字加 1 位校验码（数字或 X）</translation>
    </message>
    <message>
        <source>id.impossible_birth_date</source>
        <translation>身份证号中的出生日期不存在</translation>
    </message>
    <message>
        <source>id.future_birth_date</source>
        <translation>身份证号中的出生日期在未来</translation>
    </message>
    <message>
        <source>id.check_digit</source>
        <translation>身份证号校验位错误</translation>
    </message>
    <message>
        <source>store.no_wal</source>
        <translation>{file}：此磁盘不支持数据库日志模式（得到 {mode}）</translation>
    </message>
    <message>
        <source>store.directory</source>
        <translation>{file}：是文件夹，不是数据库</translation>
    </message>
    <message>
        <source>store.missing</source>
        <translation>{file}：没有这个数据库（请先新建检测活动或注册到服务器）</translation>
    </message>
    <message>
        <source>store.needs_key</source>
        <translation>{file}：数据库已加密：需要密钥（TESTPOINT_DB_KEY，或 --key-file PATH）</translation>
    </message>
    <message>
        <source>store.unusable</source>
        <translation>{file}：不是可用的检测活动数据库（{why}）</translation>
    </message>
    <message>
        <source>store.foreign</source>
        <translation>{file}：这是其他程序的数据库，不是检测活动的；未作任何修改（init 可在其中新建检测活动）</translation>
    </message>
    <message>
        <source>store.too_new</source>
        <translation>{file}：由更新版本的软件写入（结构版本 {step}）；请先升级软件再打开</translation>
    </message>
    <message>
        <source>key.file_empty</source>
        <translation>{path}：密钥文件为空</translation>
    </message>
    <message>
        <source>key.not_encrypted</source>
        <translation>{path}：数据库未加密：请不带密钥打开，或先加密</translation>
    </message>
    <message>
        <source>key.wrong</source>
        <translation>口令错误：无法用它打开 {path}</translation>
    </message>
    <message>
        <source>key.no_database</source>
        <translation>{path}：没有这个数据库</translation>
    </message>
    <message>
        <source>key.already_encrypted</source>
        <translation>{path}：已经加密</translation>
    </message>
    <message>
        <source>key.not_campaign</source>
        <translation>{path}：不是检测活动数据库；未作任何修改</translation>
    </message>
    <message>
        <source>tube.not_a_tube</source>
        <translation>{code} 不是本次活动的试管条码</translation>
    </message>
    <message>
        <source>tube.used</source>
        <translation>试管 {tube} 已在 {round} 于 {checkpoint} 使用过：试管编号不能重复使用</translation>
    </message>
    <message>
        <source>tube.still_open</source>
        <translation>试管 {tube} 尚未封管（{filled}/{size}）：请先封管</translation>
    </message>
    <message>
        <source>tube.none_open</source>
        <translation>没有开启的试管</translation>
    </message>
    <message>
        <source>tube.several_open</source>
        <translation>有多支试管未封管（{tubes}）：请选择要封的那支</translation>
    </message>
    <message>
        <source>tube.unknown</source>
        <translation>未知的试管 {tube}</translation>
    </message>
    <message>
        <source>tube.already_sealed</source>
        <translation>试管 {tube} 已封管</translation>
    </message>
    <message>
        <source>tube.empty</source>
        <translation>试管 {tube} 是空的：无需封管</translation>
    </message>
    <message>
        <source>register.unknown_colour</source>
        <translation>未知的健康码颜色 {colour}</translation>
    </message>
    <message>
        <source>register.unknown_source</source>
        <translation>未知的来源 {source}</translation>
    </message>
    <message>
        <source>register.identity_not_id</source>
        <translation>确认的身份不是身份证号</translation>
    </message>
    <message>
        <source>register.tube_code</source>
        <translation>{tube} 是试管条码：请作为试管开启</translation>
    </message>
    <message>
        <source>register.already</source>
        <translation>已于 {at} 在 {checkpoint} 登记</translation>
    </message>
    <message>
        <source>register.no_tube</source>
        <translation>没有开启的试管：请先扫描试管条码</translation>
    </message>
    <message>
        <source>register.yellow_alone</source>
        <translation>黄码：须单管单采（开启一支混采人数为 1 的试管）</translation>
    </message>
    <message>
        <source>register.red_alone</source>
        <translation>红码：须单管单采（开启一支混采人数为 1 的试管）</translation>
    </message>
    <message>
        <source>registration.unknown</source>
        <translation>没有事件号为 {event} 的登记</translation>
    </message>
    <message>
        <source>registration.already_voided</source>
        <translation>登记 {event} 已作废（{why}）</translation>
    </message>
    <message>
        <source>registration.needs_reason</source>
        <translation>作废或更正需要填写原因</translation>
    </message>
    <message>
        <source>registration.correction_not_person</source>
        <translation>更正须指明一个人</translation>
    </message>
    <message>
        <source>registration.correction_same_person</source>
        <translation>这条登记登记的已经是此人</translation>
    </message>
    <message>
        <source>registration.correction_already</source>
        <translation>此人本轮已经登记过（在 {checkpoint}，试管 {tube}）：请改为作废这条登记</translation>
    </message>
    <message>
        <source>handover.count_differs</source>
        <translation>箱内 {count} 支试管，但 {checkpoint} 自上次交接以来封管 {due} 支：请对照清单核对</translation>
    </message>
    <message>
        <source>handover.box_differs</source>
        <translation>箱内试管与 {checkpoint} 封好的试管不符：{summary}</translation>
    </message>
    <message>
        <source>handover.nothing</source>
        <translation>{checkpoint} 自上次交接以来没有封好的试管：无需交接</translation>
    </message>
    <message>
        <source>handover.negative_count</source>
        <translation>试管数量不能为负数（{count}）</translation>
    </message>
    <message>
        <source>box.missing</source>
        <translation>箱内缺少 {count} 支（{tubes}）</translation>
    </message>
    <message>
        <source>box.extra</source>
        <translation>{count} 支不应在此交接（{tubes}）</translation>
    </message>
    <message>
        <source>box.missing_and_extra</source>
        <translation>{missing}；{extra}</translation>
    </message>
    <message>
        <source>box.matches</source>
        <translation>扫描的 {count} 支试管与待交接试管一致</translation>
    </message>
    <message>
        <source>box.sealed_elsewhere</source>
        <translation>在 {checkpoint} 封管</translation>
    </message>
    <message>
        <source>box.open_elsewhere</source>
        <translation>{checkpoint} 的试管，尚未封管</translation>
    </message>
    <message>
        <source>box.still_open</source>
        <translation>尚未封管：应放入下一箱</translation>
    </message>
    <message>
        <source>box.handed_over</source>
        <translation>已于 {at} 交接</translation>
    </message>
    <message>
        <source>station.rounds_opened</source>
        <translation>本机是采样点电脑：轮次由指挥部开启</translation>
    </message>
    <message>
        <source>station.rounds_closed</source>
        <translation>本机是采样点电脑：轮次由指挥部结束</translation>
    </message>
    <message>
        <source>station.exemptions_set</source>
        <translation>本机是采样点电脑：免检由指挥部设定</translation>
    </message>
    <message>
        <source>station.exemptions_cleared</source>
        <translation>本机是采样点电脑：免检由指挥部撤销</translation>
    </message>
    <message>
        <source>station.lab_results</source>
        <translation>本机是采样点电脑：检测结果由指挥部录入</translation>
    </message>
    <message>
        <source>station.person_code_keys</source>
        <translation>本机是采样点电脑：人员码密钥由指挥部发布</translation>
    </message>
    <message>
        <source>station.enterprises</source>
        <translation>本机是采样点电脑：企业信息由指挥部管理</translation>
    </message>
    <message>
        <source>station.checkpoints</source>
        <translation>本机是采样点电脑：采样点由指挥部添加</translation>
    </message>
    <message>
        <source>station.rosters</source>
        <translation>本机是采样点电脑：名册由指挥部导入</translation>
    </message>
    <message>
        <source>station.not_here</source>
        <translation>本机登记在{checkpoint}，只能在该采样点工作</translation>
    </message>
    <message>
        <source>body.unknown_role</source>
        <translation>未知的设备角色 {role}</translation>
    </message>
    <message>
        <source>body.unknown_kind</source>
        <translation>未知的记录类型 {kind}</translation>
    </message>
    <message>
        <source>body.invalid</source>
        <translation>{kind}：{where}：{problem}</translation>
    </message>
    <message>
        <source>body.tube_pattern</source>
        <translation>{kind}：试管编号不符合本场所的试管编号规则</translation>
    </message>
    <message>
        <source>campaign.none</source>
        <translation>此数据库还没有检测活动：请先新建或注册到服务器</translation>
    </message>
    <message>
        <source>event.unknown_kind</source>
        <translation>本版本不认识的记录类型（{kind}）：请更新本机软件</translation>
    </message>
    <message>
        <source>roster.not_on</source>
        <translation>{person} 不在任何名册上</translation>
    </message>
    <message>
        <source>exemption.unknown_reason</source>
        <translation>未知的免检原因 {reason}（可选：{known}）</translation>
    </message>
    <message>
        <source>exemption.needs_note</source>
        <translation>“其他”免检原因需要备注说明</translation>
    </message>
    <message>
        <source>exemption.none</source>
        <translation>{person} 在 {round} 没有免检</translation>
    </message>
    <message>
        <source>enterprise.negative_headcount</source>
        <translation>申报人数不能为负数（{count}）</translation>
    </message>
    <message>
        <source>enterprise.headcount_not_number</source>
        <translation>人数须为整数，不能是 {count}</translation>
    </message>
    <message>
        <source>purge.round_open</source>
        <translation>{round}尚未结束：请先结束本轮再清除</translation>
    </message>
    <message>
        <source>purge.already</source>
        <translation>{round}已清除</translation>
    </message>
    <message>
        <source>purge.negative_days</source>
        <translation>--older-than 须为天数（0 或以上）</translation>
    </message>
    <message>
        <source>purge.campaign_open</source>
        <translation>检测活动尚未结束：{round}仍在进行</translation>
    </message>
    <message>
        <source>purge.too_recent</source>
        <translation>检测活动结束于 {when}，不足 {days} 天：未清除任何数据</translation>
    </message>
    <message>
        <source>purge.not_pushed</source>
        <translation>还有 {count} 条记录未上传到服务器：请先同步，再清除</translation>
    </message>
    <message>
        <source>tube.unknown_here</source>
        <translation>未知的试管</translation>
    </message>
    <message>
        <source>result.unknown</source>
        <translation>检测结果须为阳性或阴性（阳性/阴性、+/-、pos/neg），不能是 {text}</translation>
    </message>
    <message>
        <source>result.missing_tube</source>
        <translation>缺少试管编号</translation>
    </message>
    <message>
        <source>result.conflicting_row</source>
        <translation>该试管已在第 {row} 行，结果不同</translation>
    </message>
    <message>
        <source>trace.unknown_tube</source>
        <translation>未知的试管：{tubes}</translation>
    </message>
    <message>
        <source>trace.unknown_tubes</source>
        <translation>未知的试管：{tubes}</translation>
    </message>
    <message>
        <source>badge.choice</source>
        <translation>{enterprise}{department}{search}{phone_tail}</translation>
    </message>
    <message>
        <source>badge.choice_enterprise</source>
        <translation>（企业：{value}）</translation>
    </message>
    <message>
        <source>badge.choice_department</source>
        <translation>（部门：{value}）</translation>
    </message>
    <message>
        <source>badge.choice_search</source>
        <translation>（匹配：{value}）</translation>
    </message>
    <message>
        <source>badge.choice_phone_tail</source>
        <translation>（手机尾号：{value}）</translation>
    </message>
    <message>
        <source>badge.phone_tail</source>
        <translation>手机尾号须为 4 至 11 位数字，不能是 {tail}</translation>
    </message>
    <message>
        <source>badge.not_on_roster</source>
        <translation>{person} 不在名册上{choice}</translation>
    </message>
    <message>
        <source>badge.several_people</source>
        <translation>名册上{choice}有 {count} 人符合 {person}：请缩小范围（企业、部门、搜索）或输入完整身份证号</translation>
    </message>
    <message>
        <source>badge.public_only</source>
        <translation>本机只有检测活动的公钥：人员码只能在管理员电脑上签发</translation>
    </message>
    <message>
        <source>badge.out_format</source>
        <translation>{out}：请写成 .pdf 或 .png 文件，或一个文件夹</translation>
    </message>
    <message>
        <source>badge.nobody</source>
        <translation>名册上{choice}没有人：没有可打印的人员码</translation>
    </message>
    <message>
        <source>roster.excel_number</source>
        <translation>Excel 把身份证号存成了数字，丢失了末几位：请把该列设为文本格式后重新导出</translation>
    </message>
    <message>
        <source>roster.missing_id</source>
        <translation>缺少身份证号</translation>
    </message>
    <message>
        <source>roster.missing_name</source>
        <translation>缺少姓名</translation>
    </message>
    <message>
        <source>roster.missing_enterprise</source>
        <translation>缺少企业名称</translation>
    </message>
    <message>
        <source>roster.other_enterprise</source>
        <translation>企业 {enterprise} 不是本次导入的企业 {chosen}</translation>
    </message>
    <message>
        <source>roster.no_enterprise_column</source>
        <translation>{file}：文件没有企业列；请指定企业名称</translation>
    </message>
    <message>
        <source>roster.repeated_id</source>
        <translation>该身份证号已在第 {row} 行，信息不同</translation>
    </message>
    <message>
        <source>roster.replace_several</source>
        <translation>替换只针对一家企业的名册，而此文件列出了 {count} 家（{names}）：请用 --enterprise 选择一家</translation>
    </message>
    <message>
        <source>roster.replace_empties</source>
        <translation>文件中没有 {enterprise} 可导入的人员：替换会清空其名册，已拒绝</translation>
    </message>
    <message>
        <source>roster.on_other</source>
        <translation>{person} 在 {enterprise} 的名册上</translation>
    </message>
    <message>
        <source>file.missing</source>
        <translation>{file}：没有这个文件</translation>
    </message>
    <message>
        <source>sheet.too_big</source>
        <translation>{file}：{size:.0f} MB 超出名册或检测结果文件的上限（最多 {most} MB）；请拆分，例如按企业</translation>
    </message>
    <message>
        <source>sheet.xls</source>
        <translation>{file}：不读取旧的 .xls 工作簿；请另存为 .xlsx 或 CSV</translation>
    </message>
    <message>
        <source>sheet.no_header</source>
        <translation>{file}：前 {rows} 行中没有列出 {columns} 的表头</translation>
    </message>
    <message>
        <source>sheet.encoding</source>
        <translation>{file}：不是 UTF-8、GBK 或 GB18030 文本；请另存为 CSV（UTF-8）或 XLSX</translation>
    </message>
    <message>
        <source>sheet.damaged_text</source>
        <translation>{file}：第 {byte} 字节处的 {encoding} 文本已损坏</translation>
    </message>
    <message>
        <source>sheet.bad_csv</source>
        <translation>{file}：第 {line} 行无法按 CSV 读取（{why}）</translation>
    </message>
    <message>
        <source>sheet.too_many_rows</source>
        <translation>{file}：工作表超过第 {most} 行，超出名册或检测结果文件的上限；请拆分，例如按企业</translation>
    </message>
    <message>
        <source>sheet.too_many_columns</source>
        <translation>{file}：工作表超过第 {most} 列，超出名册或检测结果文件的上限；请只保留需要的列</translation>
    </message>
    <message>
        <source>sheet.bad_xlsx</source>
        <translation>{file}：不是可读取的 XLSX 工作簿（{why}）</translation>
    </message>
    <message>
        <source>sheet.unpacks_too_big</source>
        <translation>{file}：工作簿解压后超过 {most} MB，超出名册或检测结果文件的上限；请重新保存，或另存为 CSV</translation>
    </message>
    <message>
        <source>sheet.bloated_row</source>
        <translation>{file}：不是可读取的 XLSX 工作簿（第 {row} 行的 XML 元素超过 {most} 个）</translation>
    </message>
    <message>
        <source>sheet.bloated_part</source>
        <translation>{file}：不是可读取的 XLSX 工作簿（某个部件的 XML 元素超过 {most} 个）</translation>
    </message>
    <message>
        <source>sheet.doctype</source>
        <translation>{file}：不是可读取的 XLSX 工作簿（某个部件声明了文档类型）</translation>
    </message>
    <message>
        <source>sheet.out_format</source>
        <translation>{file}：请写成 .xlsx 或 .csv 文件</translation>
    </message>
    <message>
        <source>source.unreadable</source>
        <translation>{where}：无法读取文件（{why}）</translation>
    </message>
    <message>
        <source>source.not_image</source>
        <translation>{where}：不是可读取的图片</translation>
    </message>
    <message>
        <source>source.missing</source>
        <translation>{where}：没有这个文件或文件夹</translation>
    </message>
    <message>
        <source>source.no_video</source>
        <translation>{where}：没有这个视频文件</translation>
    </message>
    <message>
        <source>source.not_video</source>
        <translation>{where}：不是可读取的视频</translation>
    </message>
    <message>
        <source>source.no_camera</source>
        <translation>{where}：此编号没有摄像头（未连接，或被其他程序占用）</translation>
    </message>
    <message>
        <source>source.camera_lost</source>
        <translation>{where}被占用或已拔出：每 2 秒重试一次</translation>
    </message>
    <message>
        <source>source.unknown</source>
        <translation>{where}：没有这个文件或文件夹，也不是摄像头编号</translation>
    </message>
    <message>
        <source>decoder.no_zbar</source>
        <translation>zbar 解码器需要安装 zbar 库（{why}）</translation>
    </message>
    <message>
        <source>claim.set_aside</source>
        <translation>已搁置：同一登记的另一次更正或作废在先</translation>
    </message>
    <message>
        <source>register.box_code</source>
        <translation>{box} 是转运箱码：请在交接页扫描</translation>
    </message>
    <message>
        <source>box.not_a_box</source>
        <translation>{code} 不是转运箱码（BOX 加 6 至 13 位大写字母或数字）</translation>
    </message>
    <message>
        <source>box.used</source>
        <translation>转运箱 {box} 已在 {checkpoint} 使用</translation>
    </message>
    <message>
        <source>box.unknown</source>
        <translation>未知转运箱 {box}：请先开箱</translation>
    </message>
    <message>
        <source>box.sealed</source>
        <translation>转运箱 {box} 已封箱（{count} 管）：请另开一箱</translation>
    </message>
    <message>
        <source>box.empty</source>
        <translation>转运箱 {box} 内没有试管：无需封箱</translation>
    </message>
    <message>
        <source>box.count_differs</source>
        <translation>转运箱 {box} 清点 {count} 管，但扫码装入 {held} 管：请按清单核对</translation>
    </message>
    <message>
        <source>box.no_tubes</source>
        <translation>未给出装入转运箱 {box} 的管号</translation>
    </message>
    <message>
        <source>box.tube_refused</source>
        <translation>{tube}：{reason}</translation>
    </message>
    <message>
        <source>box.tubes_refused</source>
        <translation>{count} 管不能装入转运箱 {box}，均未装入：{tubes}</translation>
    </message>
    <message>
        <source>box.in_other</source>
        <translation>已在转运箱 {box} 中</translation>
    </message>
    <message>
        <source>box.not_sealed</source>
        <translation>转运箱 {box} 尚未封箱：请先清点封箱</translation>
    </message>
    <message>
        <source>box.already_handed</source>
        <translation>转运箱 {box} 已于 {at} 交接</translation>
    </message>
    <message>
        <source>box.of_checkpoint</source>
        <translation>转运箱 {box} 属于 {checkpoint}</translation>
    </message>
    <message>
        <source>box.tubes_handed</source>
        <translation>转运箱 {box} 中有试管已单独交接：{tubes}</translation>
    </message>
    <message>
        <source>lab.too_many</source>
        <translation>{file} 列出 {count} 管，超过一次收样的上限（{most}）：请拆分清单</translation>
    </message>
    <message>
        <source>manifest.reveal_hl7</source>
        <translation>HL7 送检清单不含人员信息：--reveal 仅用于 XLSX 或 CSV 清单</translation>
    </message>
    <message>
        <source>tube.broken</source>
        <translation>试管 {tube} 已作废：其中人员已转到 {new}，此编号不再使用</translation>
    </message>
    <message>
        <source>tube.move_reason</source>
        <translation>条码转移需要填写原因</translation>
    </message>
    <message>
        <source>tube.move_same</source>
        <translation>试管 {tube} 不能转到自身：请扫描新试管的条码</translation>
    </message>
    <message>
        <source>tube.move_handed_over</source>
        <translation>试管 {tube} 已交接：已离开采样点，不能转移</translation>
    </message>
    <message>
        <source>labels.kind</source>
        <translation>未知的标签类型 {kind}（可选 {kinds}）</translation>
    </message>
    <message>
        <source>labels.count</source>
        <translation>每次打印 1 至 {most} 张标签，不能是 {count}</translation>
    </message>
    <message>
        <source>labels.pool</source>
        <translation>试管标签的混采数为 {pools}，不能是 {pool}</translation>
    </message>
    <message>
        <source>labels.box_pool</source>
        <translation>转运箱标签没有混采数：请去掉 --pool</translation>
    </message>
    <message>
        <source>labels.prefix</source>
        <translation>标签前缀最多 8 个大写字母或数字，不能是 {prefix}</translation>
    </message>
    <message>
        <source>labels.pattern</source>
        <translation>{code} 不是本次任务的{kind}编号（规则 {pattern}）：请用 --prefix 选择能使编号符合规则的前缀</translation>
    </message>
    <message>
        <source>labels.used_up</source>
        <translation>标签号段 {series} 只剩 {left} 个号：请少打印一些，或换一个 --prefix</translation>
    </message>
    <message>
        <source>labels.too_wide</source>
        <translation>{code} 的条码放不进 {dpi} dpi 下 {width} 毫米宽的标签：请用更短的 --prefix、更大的标签纸或 300 dpi</translation>
    </message>
    <message>
        <source>labels.out_format</source>
        <translation>{out}：请写入标签纸 .pdf 文件，或写入文件夹（每张标签一个 PNG）</translation>
    </message>
    <message>
        <source>labels.sheet</source>
        <translation>未知的标签纸 {sheet}（可选 {sheets}）</translation>
    </message>
    <message>
        <source>labels.dpi</source>
        <translation>标签打印机的分辨率为 {dpis} dpi，不能是 {dpi}</translation>
    </message>
    <message>
        <source>box.broken</source>
        <translation>已作废：其中人员在试管 {new} 中</translation>
    </message>
    <message>
        <source>station.lab_receipts</source>
        <translation>本机是采样点电脑：实验室收样由指挥部登记</translation>
    </message>
    <message>
        <source>station.exemption_decisions</source>
        <translation>本机是检测点工作站：联络员提交的原因由指挥部审核</translation>
    </message>
    <message>
        <source>exemption_request.unknown</source>
        <translation>本机不知道联络员申请 {request}：请先同步</translation>
    </message>
    <message>
        <source>exemption_request.answered</source>
        <translation>申请 {request} 已审核（{state}）</translation>
    </message>
    <message>
        <source>exemption_request.reason</source>
        <translation>未知原因 {reason!r}（可选：{known}）</translation>
    </message>
    <message>
        <source>exemption_request.round_closed</source>
        <translation>{round} 轮已结束：不再接受原因</translation>
    </message>
    <message>
        <source>exemption_request.where_when</source>
        <translation>已在别处检测：需要填写检测地点和时间</translation>
    </message>
    <message>
        <source>exemption_request.note</source>
        <translation>其他原因：需要在备注中说明</translation>
    </message>
    <message>
        <source>exemption_request.pending</source>
        <translation>此人的原因已在等待指挥部审核</translation>
    </message>
    <message>
        <source>roster.repeated_id_chosen</source>
        <translation>身份证号与第 {row} 行相同但信息不同，已选用第 {row} 行</translation>
    </message>
    <message>
        <source>idcard.bad_spec</source>
        <translation>{spec} 不是身份证阅读器：请用 serial:端口[@波特率]、huashi:地址、shensi:地址、decard:地址、auto 或 demo</translation>
    </message>
    <message>
        <source>idcard.bad_text</source>
        <translation>读不懂身份证上的文字（{why}）</translation>
    </message>
    <message>
        <source>idcard.no_reader</source>
        <translation>没有找到身份证阅读器（{tried}）</translation>
    </message>
    <message>
        <source>idcard.lost</source>
        <translation>身份证阅读器 {reader}：{why}；每 2 秒重试一次</translation>
    </message>
    <message>
        <source>idcard.damaged</source>
        <translation>身份证阅读器 {reader}：返回的数据有损坏（{why}）</translation>
    </message>
    <message>
        <source>idcard.no_card</source>
        <translation>{seconds} 秒内没有放上身份证</translation>
    </message>
    <message>
        <source>idcard.unreachable</source>
        <translation>身份证阅读器 {reader}：{why}</translation>
    </message>
    <message>
        <source>server.refused</source>
        <translation>服务器拒绝（{status}）：{detail}</translation>
    </message>
    <message>
        <source>server.said</source>
        <translation>{words}</translation>
    </message>
    <message>
        <source>server.stopped</source>
        <translation>同步已停止</translation>
    </message>
    <message>
        <source>server.unreadable_answer</source>
        <translation>服务器对 {method} {path} 的应答无法读取</translation>
    </message>
    <message>
        <source>server.unreachable</source>
        <translation>{server}：{problem}（已重试 {tries} 次）</translation>
    </message>
    <message>
        <source>sync.not_enrolled</source>
        <translation>本机尚未注册到服务器：请先运行 enroll CODE</translation>
    </message>
    <message>
        <source>sync.unapplied</source>
        <translation>来自 {device} 的 {kind}：{why}</translation>
    </message>
    <message>
        <source>sync.not_applied</source>
        <translation>{error}：{why}</translation>
    </message>
    <message>
        <source>enrol.not_a_code</source>
        <translation>不是本系统的注册码（应为 TPE1.&lt;secret&gt;.&lt;server&gt;）</translation>
    </message>
    <message>
        <source>enrol.damaged_address</source>
        <translation>注册码中的服务器地址已损坏</translation>
    </message>
    <message>
        <source>enrol.not_http</source>
        <translation>注册码中的服务器地址不是 http(s) 网址</translation>
    </message>
    <message>
        <source>enrol.already</source>
        <translation>{path} 已注册到服务器</translation>
    </message>
    <message>
        <source>tls.bad_fragment</source>
        <translation>服务器地址中有 {part}：应为 sha256=&lt;64 位十六进制&gt; 或 trusted</translation>
    </message>
    <message>
        <source>tls.plain_http</source>
        <translation>{url} 是连往另一台机器的明文 http：网络上任何人都能读取和篡改所发送的内容。请让服务器使用 TLS（server --certfile/--keyfile），或在可信网络上用 --trust-network 注册</translation>
    </message>
    <message>
        <source>bundle.refused</source>
        <translation>{path}：{problem}</translation>
    </message>
    <message>
        <source>bundle.not_a_bundle</source>
        <translation>不是同步包（文件头有 {count} 处问题）</translation>
    </message>
    <message>
        <source>bundle.unsigned</source>
        <translation>同步包没有签名（由旧版本导出，或不完整）：请用本版本重新导出</translation>
    </message>
    <message>
        <source>bundle.forged</source>
        <translation>同步包的签名与其设备密钥不符：整包拒收</translation>
    </message>
    <message>
        <source>bundle.file_too_big</source>
        <translation>超过同步包文件 {most} 字节的上限：整包拒收</translation>
    </message>
    <message>
        <source>bundle.too_many_lines</source>
        <translation>超过 {most} 行的上限：整包拒收</translation>
    </message>
    <message>
        <source>bundle.header_too_long</source>
        <translation>文件头超过 {most} 字节的上限：整包拒收</translation>
    </message>
    <message>
        <source>bundle.line_too_long</source>
        <translation>第 {line} 行超过 {most} 字节的上限：整包拒收</translation>
    </message>
    <message>
        <source>bundle.too_big</source>
        <translation>解压后超过 {most} 字节的上限：整包拒收</translation>
    </message>
    <message>
        <source>bundle.unreadable</source>
        <translation>无法读取的同步包（{why}）</translation>
    </message>
    <message>
        <source>bundle.not_sealed_to_us</source>
        <translation>无法用本服务器的密钥打开这个加密同步包（已被篡改，或是给另一台服务器的）</translation>
    </message>
    <message>
        <source>office.not_enrolled</source>
        <translation>本机尚未注册到服务器：请作为指挥部电脑注册</translation>
    </message>
    <message>
        <source>office.station</source>
        <translation>本机是采样点电脑：各电脑由指挥部管理</translation>
    </message>
    <message>
        <source>bundle.refused_whole</source>
        <translation>{why}：整包拒收</translation>
    </message>
    <message>
        <source>bundle.protocol</source>
        <translation>协议版本 {protocol} 的同步包；本服务器读取版本 {ours}</translation>
    </message>
    <message>
        <source>bundle.revoked</source>
        <translation>设备 {device} 已被吊销：拒收其同步包</translation>
    </message>
    <message>
        <source>bundle.no_key_yet</source>
        <translation>设备 {device} 在本服务器上还没有签名密钥：请先通过网络同步一次（或重新注册），再重新导出同步包</translation>
    </message>
    <message>
        <source>bundle.no_signature</source>
        <translation>同步包没有签名：请用本版本重新导出</translation>
    </message>
    <message>
        <source>bundle.bad_line</source>
        <translation>第 {line} 行不是一条记录（{why}）</translation>
    </message>
    <message>
        <source>bundle.other_device</source>
        <translation>第 {line} 行是另一台设备（{device}）的记录</translation>
    </message>
    <message>
        <source>bundle.count</source>
        <translation>同步包有 {count} 条记录，文件头却写着 {declared} 条</translation>
    </message>
    <message>
        <source>bundle.other_site</source>
        <translation>这个同步包属于场所 {site}；指挥部电脑属于 {own}</translation>
    </message>
    <message>
        <source>server.admin_only</source>
        <translation>只有指挥部的电脑（管理员角色）可以这样做</translation>
    </message>
    <message>
        <source>device.not_at_site</source>
        <translation>场所 {site} 没有设备 {device}</translation>
    </message>
    <message>
        <source>device.revoke_self</source>
        <translation>指挥部电脑不能吊销自己</translation>
    </message>
    <message>
        <source>code.admin_checkpoint</source>
        <translation>管理员设备属于场所，不属于采样点：请去掉 --checkpoint</translation>
    </message>
    <message>
        <source>code.station_needs_checkpoint</source>
        <translation>采样点电脑的注册码须指明采样点（--checkpoint）</translation>
    </message>
    <message>
        <source>enrol.unknown_code</source>
        <translation>未知的注册码</translation>
    </message>
    <message>
        <source>enrol.other_site</source>
        <translation>本机保存的是场所 {site} 的检测活动；注册码属于 {code_site}</translation>
    </message>
    <message>
        <source>enrol.code_used</source>
        <translation>此注册码已使用过：请重新获取一个</translation>
    </message>
    <message>
        <source>enrol.code_cancelled</source>
        <translation>防控办公室已作废此注册码：请索取新的注册码</translation>
    </message>
    <message>
        <source>enrol.code_named</source>
        <translation>注册码 {id}</translation>
    </message>
    <message>
        <source>serve.office_code_unwritable</source>
        <translation>无法写入防控办公室的注册码：{why}</translation>
    </message>
    <message>
        <source>enrol.this_code</source>
        <translation>此注册码</translation>
    </message>
    <message>
        <source>enrol.cancel_ambiguous</source>
        <translation>有多个未用的注册码编号为 {id}：请指明站点（--site），或直接给出注册码本身</translation>
    </message>
    <message>
        <source>enrol.cancel_used</source>
        <translation>{code}已被使用（请改为吊销它注册的那台电脑）：无可作废</translation>
    </message>
    <message>
        <source>enrol.cancel_cancelled</source>
        <translation>{code}已作废：无可作废</translation>
    </message>
    <message>
        <source>enrol.cancel_expired</source>
        <translation>{code}已过期：无可作废</translation>
    </message>
    <message>
        <source>enrol.cancel_raced</source>
        <translation>{code}刚刚已被使用：无可作废</translation>
    </message>
    <message>
        <source>enrol.typed_needs_server</source>
        <translation>手输的注册码还需要服务器地址（防控办公室在注册码旁显示）</translation>
    </message>
    <message>
        <source>enrol.typed_unknown</source>
        <translation>{server} 上的服务器没有发出这个注册码：请核对注册码的十二个字符和服务器地址</translation>
    </message>
    <message>
        <source>enrol.file_unreadable</source>
        <translation>{file}：无法读取（{why}）</translation>
    </message>
    <message>
        <source>enrol.file_without_code</source>
        <translation>{file} 里没有注册码：请在防控办公室的“电脑”页重新保存</translation>
    </message>
    <message>
        <source>registration.not_own</source>
        <translation>这条登记是其他电脑做的：检测点电脑只能作废或更正本机的登记，请由那台电脑或防控办公室处理</translation>
    </message>
    <message>
        <source>schema.several_versions</source>
        <translation>数据库同时记录了多个结构版本：{versions}</translation>
    </message>
    <message>
        <source>cli.codes_list_cancel</source>
        <translation>--list 和 --cancel 不带检测点，也不带 --admin：它们针对已生成的注册码</translation>
    </message>
    <message>
        <source>enrol.code_expired</source>
        <translation>此注册码已过期：请重新获取一个</translation>
    </message>
    <message>
        <source>device.reserved</source>
        <translation>设备号 {device} 为服务器保留</translation>
    </message>
    <message>
        <source>device.already_enrolled</source>
        <translation>设备 {device} 已注册</translation>
    </message>
    <message>
        <source>device.no_credential</source>
        <translation>需要设备凭据（Authorization: Bearer ...）</translation>
    </message>
    <message>
        <source>device.unknown_credential</source>
        <translation>未知的设备凭据：请重新注册本机</translation>
    </message>
    <message>
        <source>device.revoked</source>
        <translation>设备 {device} 已被吊销</translation>
    </message>
    <message>
        <source>device.other_site</source>
        <translation>设备 {device} 属于场所 {site}，不是 {wanted}</translation>
    </message>
    <message>
        <source>device.unknown</source>
        <translation>未知的设备 {device}</translation>
    </message>
    <message>
        <source>device.already_revoked</source>
        <translation>设备 {device} 已被吊销过</translation>
    </message>
    <message>
        <source>server.url_shape</source>
        <translation>必须是带主机名的 http:// 或 https:// 网址</translation>
    </message>
    <message>
        <source>server.bad_url</source>
        <translation>服务器地址（--url）不可用：{why}</translation>
    </message>
    <message>
        <source>site.moved</source>
        <translation>场所 {site} 已迁移到 {to}（于 {when} 导出）：请改用新服务器地址同步（sync --server {to}）</translation>
    </message>
    <message>
        <source>site.moved_elsewhere</source>
        <translation>场所 {site} 已迁移到另一台服务器（于 {when} 导出）：请改用新服务器地址同步（sync --server URL）</translation>
    </message>
    <message>
        <source>site.unknown</source>
        <translation>未知场所 {site}</translation>
    </message>
    <message>
        <source>site.already_here</source>
        <translation>场所 {site} 已在本服务器上</translation>
    </message>
    <message>
        <source>site_file.not_json</source>
        <translation>{path}：不是场所文件（{why}）</translation>
    </message>
    <message>
        <source>site_file.version</source>
        <translation>{path}：不是本版本的场所文件（由 server site-export 生成）</translation>
    </message>
    <message>
        <source>site_file.damaged_line</source>
        <translation>{path}：第 {line} 行已损坏；未导入任何内容</translation>
    </message>
    <message>
        <source>site_file.unknown_record</source>
        <translation>{path}：第 {line} 行是未知的记录 {what}</translation>
    </message>
    <message>
        <source>site_file.unreadable</source>
        <translation>{path}：无法读取的场所文件（{why}）；未导入任何内容</translation>
    </message>
    <message>
        <source>quota.events</source>
        <translation>每日限额：每台电脑每天最多 {most} 条记录；将于 {resets} 重置（记录保留在本机，之后会再次发送）</translation>
    </message>
    <message>
        <source>quota.bytes</source>
        <translation>每日限额：每台电脑每天最多 {most} 字节记录；将于 {resets} 重置（记录保留在本机，之后会再次发送）</translation>
    </message>
    <message>
        <source>site.other_tube_pattern</source>
        <translation>场所 {site} 已使用试管编号规则 {pattern}</translation>
    </message>
    <message>
        <source>site.which</source>
        <translation>请用 --site 指明场所（本服务器上的场所：{known}）</translation>
    </message>
    <message>
        <source>purge.server_too_recent</source>
        <translation>检测活动结束不足 {days} 天：未清除任何数据</translation>
    </message>
    <message>
        <source>account.name</source>
        <translation>用户名须为 1 至 64 个字符，且不含控制字符</translation>
    </message>
    <message>
        <source>account.role</source>
        <translation>未知的角色 {role}（可选：{known}）</translation>
    </message>
    <message>
        <source>account.password</source>
        <translation>密码至少 8 个字符</translation>
    </message>
    <message>
        <source>account.site</source>
        <translation>未知场所 {site}：请先用 server init 创建</translation>
    </message>
    <message>
        <source>account.unknown</source>
        <translation>没有用户 {user}</translation>
    </message>
    <message>
        <source>account.taken</source>
        <translation>用户名 {user!r} 已被其他账号使用：请换一个</translation>
    </message>
    <message>
        <source>account.enterprise</source>
        <translation>联络员账号须指定场所和企业（--site、--enterprise）；其他账号不能指定企业</translation>
    </message>
    <message>
        <source>server_db.foreign</source>
        <translation>{path}：不是同步服务器的数据库（是采样点电脑的，或其他程序的文件）；未作任何修改</translation>
    </message>
    <message>
        <source>schema.database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>schema.database_at</source>
        <translation>数据库 {where}</translation>
    </message>
    <message>
        <source>schema.newer</source>
        <translation>{database}的结构版本为 {current}，比本服务器的（{head}）新：它由更新的版本升级过；请运行那个版本</translation>
    </message>
    <message>
        <source>schema.unversioned</source>
        <translation>{database}建于结构版本之前，比本服务器的（{head}）旧：请先备份，再用相同的 --db 或 --database-url 运行 `server migrate`</translation>
    </message>
    <message>
        <source>schema.older</source>
        <translation>{database}的结构版本为 {current}，比本服务器的（{head}）旧：请先备份，再用相同的 --db 或 --database-url 运行 `server migrate`</translation>
    </message>
    <message>
        <source>schema.unknown</source>
        <translation>未知的结构版本</translation>
    </message>
    <message>
        <source>serve.cert_and_key</source>
        <translation>--certfile 和 --keyfile 须同时给出</translation>
    </message>
    <message>
        <source>serve.tls</source>
        <translation>无法用 {certfile} 和 {keyfile} 提供 TLS：{why}</translation>
    </message>
    <message>
        <source>serve.token_unreadable</source>
        <translation>无法从 {path} 读取监控令牌：{why}</translation>
    </message>
    <message>
        <source>serve.token_short</source>
        <translation>{path} 中的监控令牌须至少 16 个可打印 ASCII 字符</translation>
    </message>
    <message>
        <source>event.seq_gap</source>
        <translation>序号 {seq} 比本设备上一条记录超前太多（最多 {most}）：设备须按顺序为记录编号</translation>
    </message>
    <message>
        <source>event.liaison_request</source>
        <translation>exemption.requested：联络员在指挥大屏上提交原因，由服务器自行记录</translation>
    </message>
    <message>
        <source>event.unknown_request</source>
        <translation>exemption.decided：本场所没有申请 {request}</translation>
    </message>
    <message>
        <source>event.dashboard_export</source>
        <translation>audit.revealed：数据看板的导出由服务器自己记录</translation>
    </message>
    <message>
        <source>event.purge_scope</source>
        <translation>data.purged：按轮次清除须指明轮次，清除整个活动则不指明</translation>
    </message>
    <message>
        <source>event.unknown_checkpoint</source>
        <translation>{kind}：未知采样点 {checkpoint}</translation>
    </message>
    <message>
        <source>event.unknown_round</source>
        <translation>{kind}：未知轮次 {round}（轮次由指挥部开启）</translation>
    </message>
    <message>
        <source>event.other_checkpoint</source>
        <translation>{kind}：采样点电脑只能在自己的采样点操作</translation>
    </message>
    <message>
        <source>event.unknown_tube</source>
        <translation>{kind}：未知的试管（其开管记录从未到达服务器）</translation>
    </message>
    <message>
        <source>event.tube_elsewhere</source>
        <translation>{kind}：另一个采样点的试管</translation>
    </message>
    <message>
        <source>event.tube_taken</source>
        <translation>tube.opened：此试管编号已被另一台电脑使用</translation>
    </message>
    <message>
        <source>event.unknown_box</source>
        <translation>{kind}：未知转运箱（其 box.opened 未到达服务器）</translation>
    </message>
    <message>
        <source>event.box_elsewhere</source>
        <translation>{kind}：其他采样点的转运箱</translation>
    </message>
    <message>
        <source>event.box_taken</source>
        <translation>box.opened：该转运箱码已在其他采样点使用</translation>
    </message>
    <message>
        <source>event.tube_broken</source>
        <translation>{kind}：该试管已作废（其中人员已转到另一条码）</translation>
    </message>
    <message>
        <source>event.move_taken</source>
        <translation>tube.moved：新条码已是一支试管</translation>
    </message>
    <message>
        <source>event.tube_handed</source>
        <translation>tube.moved：该试管已交接，已离开采样点，不能转移</translation>
    </message>
    <message>
        <source>event.label_series</source>
        <translation>labels.printed：每台电脑只能打印自己号段的标签</translation>
    </message>
    <message>
        <source>event.not_own_tube</source>
        <translation>{kind}：采样点电脑只能操作自己的试管</translation>
    </message>
    <message>
        <source>event.unknown_registration</source>
        <translation>{kind}：未知的登记 {event}</translation>
    </message>
    <message>
        <source>event.not_own_registration</source>
        <translation>{kind}：采样点电脑只能作废或更正自己的登记</translation>
    </message>
    <message>
        <source>event.roster_person</source>
        <translation>person.upserted：采样点电脑不能修改名册上的人员</translation>
    </message>
    <message>
        <source>event.clock_ahead</source>
        <translation>本机时钟比服务器快 {minutes:.0f} 分钟：请校准时钟（记录已保留，之后会再次发送）</translation>
    </message>
    <message>
        <source>event.same_id</source>
        <translation>服务器上已有同一编号的另一条记录：已另行保留，未覆盖</translation>
    </message>
    <message>
        <source>event.seq_taken</source>
        <translation>本设备的序号 {seq} 已被另一条记录使用</translation>
    </message>
    <message>
        <source>event.own_only</source>
        <translation>设备只能上传自己的记录</translation>
    </message>
    <message>
        <source>request.batch_too_big</source>
        <translation>每批最多 {most} 条记录，不能是 {count}</translation>
    </message>
    <message>
        <source>request.protocol</source>
        <translation>本服务器不支持协议版本 {version}（本服务器使用 {ours}）</translation>
    </message>
    <message>
        <source>request.other_device</source>
        <translation>此凭据属于设备 {device}，不是 {claimed}</translation>
    </message>
    <message>
        <source>request.cursor</source>
        <translation>读取位置格式错误：请传回服务器给出的位置，或不传以从头开始</translation>
    </message>
    <message>
        <source>request.too_big</source>
        <translation>请求内容超过 {most} 字节的上限</translation>
    </message>
    <message>
        <source>request.too_big_unpacked</source>
        <translation>请求内容解压后超过 {most} 字节的上限</translation>
    </message>
    <message>
        <source>request.too_slow</source>
        <translation>请求内容传送太慢</translation>
    </message>
    <message>
        <source>request.unreadable</source>
        <translation>无法读取的请求内容：{why}</translation>
    </message>
    <message>
        <source>request.metrics</source>
        <translation>/metrics 只应答本机，或持有监控令牌的采集程序</translation>
    </message>
    <message>
        <source>request.malformed</source>
        <translation>请求格式错误：{where}：{problem}</translation>
    </message>
    <message>
        <source>serve.workers</source>
        <translation>--workers 须为 1 或以上，不能是 {workers}</translation>
    </message>
    <message>
        <source>serve.max_connections</source>
        <translation>--max-connections 须为 1 或以上，不能是 {count}</translation>
    </message>
    <message>
        <source>serve.max_connections_per_address</source>
        <translation>--max-connections-per-address 须为 1 或以上，不能是 {count}</translation>
    </message>
    <message>
        <source>serve.too_few_files</source>
        <translation>本进程最多只能打开 {most} 个文件，不足以接受连接：请提高上限（ulimit -n）</translation>
    </message>
    <message>
        <source>serve.listen</source>
        <translation>无法监听 {host}:{port}：{why}</translation>
    </message>
    <message>
        <source>cli.round_name</source>
        <translation>round {action} 需要轮次名称</translation>
    </message>
    <message>
        <source>cli.tube_open</source>
        <translation>tube open 需要 CODE、--checkpoint 和 --round</translation>
    </message>
    <message>
        <source>cli.tube_move</source>
        <translation>tube move 需要 OLD、NEW 和 --reason</translation>
    </message>
    <message>
        <source>cli.tube_new</source>
        <translation>tube {action} 只接受一个编号：只有 tube move 还接受新条码</translation>
    </message>
    <message>
        <source>cli.purge_scope</source>
        <translation>purge 需要 --round R，或 --campaign-ended --older-than DAYS</translation>
    </message>
    <message>
        <source>cli.purge_days</source>
        <translation>purge --campaign-ended 需要 --older-than DAYS</translation>
    </message>
    <message>
        <source>cli.decide_which</source>
        <translation>exemption decide 需要申请编号 REQUEST，或 --all 加 --enterprise 和 --round</translation>
    </message>
    <message>
        <source>cli.purge_older_than</source>
        <translation>--older-than 须与 --campaign-ended 一起使用</translation>
    </message>
    <message>
        <source>cli.encrypt_key</source>
        <translation>encrypt 需要密钥：TESTPOINT_DB_KEY，或 --key-file PATH</translation>
    </message>
    <message>
        <source>cli.scan_register</source>
        <translation>scan --register 需要 --checkpoint 和 --round</translation>
    </message>
    <message>
        <source>cli.away</source>
        <translation>--away 不能为负数</translation>
    </message>
    <message>
        <source>cli.idcard_register</source>
        <translation>idcard watch --register 需要 --checkpoint 和 --round</translation>
    </message>
    <message>
        <source>cli.idcard_seconds</source>
        <translation>{option} 须为大于 0 的秒数</translation>
    </message>
    <message>
        <source>cli.enterprise_name</source>
        <translation>enterprise set 需要企业名称</translation>
    </message>
    <message>
        <source>cli.enterprise_what</source>
        <translation>enterprise set 需要 --reported、--contact 或 --phone</translation>
    </message>
    <message>
        <source>cli.exempt_id</source>
        <translation>exempt {action} 需要此人的身份证号</translation>
    </message>
    <message>
        <source>cli.exempt_reason</source>
        <translation>exempt set 需要 --reason（{known}）</translation>
    </message>
    <message>
        <source>cli.walk_in_enterprise</source>
        <translation>不在名册上的人不属于任何企业：请去掉 --enterprise</translation>
    </message>
    <message>
        <source>cli.trace_what</source>
        <translation>请指明要追溯的试管，或使用 --positive</translation>
    </message>
    <message>
        <source>cli.import_only</source>
        <translation>--overdue 和 --check 仅用于 &apos;result import FILE&apos;</translation>
    </message>
    <message>
        <source>cli.no_positive</source>
        <translation>没有阳性试管</translation>
    </message>
    <message>
        <source>cli.server_url</source>
        <translation>服务器地址须为 http(s) 网址，不能是 {url}</translation>
    </message>
    <message>
        <source>cli.no_server_key</source>
        <translation>本机还不知道服务器的密钥：请先通过网络同步一次，再导出</translation>
    </message>
    <message>
        <source>cli.rejected</source>
        <translation>已拒绝：{reason}</translation>
    </message>
    <message>
        <source>channel.webhook_url</source>
        <translation>机器人 Webhook 必须是带主机名的 http:// 或 https:// 地址</translation>
    </message>
    <message>
        <source>channel.kind_unknown</source>
        <translation>无法从主机 {host} 判断机器人类型：请加 --kind wecom 或 --kind dingtalk</translation>
    </message>
    <message>
        <source>channel.email_address</source>
        <translation>{address!r} 不是电子邮件地址</translation>
    </message>
    <message>
        <source>channel.none</source>
        <translation>企业 {enterprise!r} 在场所 {site} 没有设置提醒渠道</translation>
    </message>
    <message>
        <source>channel.one_target</source>
        <translation>提醒渠道是机器人 Webhook 或电子邮件地址：二者选一</translation>
    </message>
    <message>
        <source>smtp.host</source>
        <translation>邮件服务器的主机名缺失或不正确</translation>
    </message>
    <message>
        <source>smtp.port</source>
        <translation>邮件服务器端口必须在 1 到 65535 之间，而不是 {port}</translation>
    </message>
    <message>
        <source>smtp.password_without_user</source>
        <translation>邮件服务器密码需要配合用户名（--user）</translation>
    </message>
    <message>
        <source>smtp.cafile</source>
        <translation>无法读取 {path} 中的证书颁发机构：{why}</translation>
    </message>
    <message>
        <source>remind.at_past</source>
        <translation>提醒时间必须在将来</translation>
    </message>
    <message>
        <source>remind.before_positive</source>
        <translation>截止前的提前时间必须大于零</translation>
    </message>
    <message>
        <source>remind.time</source>
        <translation>{text!r} 不是时间：请写成 2026-12-01T17:30 这样的格式</translation>
    </message>
    <message>
        <source>remind.duration</source>
        <translation>{text!r} 不是时长：请写成 30m、2h 或 1h30m 这样的格式</translation>
    </message>
    <message>
        <source>cli.kind_webhook</source>
        <translation>--kind 只用于 Webhook：电子邮件地址不需要</translation>
    </message>
    <message>
        <source>cli.remind_what</source>
        <translation>--show 和 --unschedule 不发送提醒：请去掉 --at 和 --before</translation>
    </message>
</context>
</TS>
