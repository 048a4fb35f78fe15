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
        <source>Results for tubes this laptop never saw sealed or handed over to the courier: their results are recorded, but ask the checkpoint where these samples came from (a laptop that has not synced yet, or a tube that skipped the box).</source>
        <translation>以下试管在本机的记录中从未封管或从未交接给转运人员：结果已录入，但请向采样点核实这些样本的来历（可能是尚未同步的电脑，或未装箱交接的试管）。</translation>
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
        <source>Imported.</source>
        <translation>已导入。</translation>
    </message>
    <message>
        <source>{name} imported: {written} results written, {unchanged} already recorded ({positive} positive, {negative} negative); unknown tubes {unknown}; repeated rows {duplicates}; other rows refused {refused}; flagged {flagged} (tube never sealed or never handed over).</source>
        <translation>{name} 已导入：写入 {written} 条结果，{unchanged} 条此前已录入（阳性 {positive}，阴性 {negative}）；未知试管 {unknown}；重复行 {duplicates}；其他被拒绝的行 {refused}；已标记 {flagged}（试管从未封管或从未交接）。</translation>
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
        <source>Campaign office</source>
        <translation>防控办公室</translation>
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
        <translation>电话</translation>
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
        <source>Void or correct…</source>
        <translation>作废或更正…</translation>
    </message>
    <message>
        <source>No roster yet: import the rosters on the “Campaign office” tab</source>
        <translation>尚无名册：请在“防控办公室”页导入名册</translation>
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
        <source>Closing this window ends the station program. Registrations made so far are kept.</source>
        <translation>关闭此窗口将退出登记程序。已登记的数据会保留。</translation>
    </message>
    <message>
        <source>End the shift?</source>
        <translation>结束本班次？</translation>
    </message>
    <message>
        <source>The station goes back to sign-in; the next shift starts there. Registrations made so far are kept.</source>
        <translation>将返回登录界面，下一班次从那里开始。已登记的记录都会保留。</translation>
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
        <source>A genuine person code, of someone on no roster this laptop holds</source>
        <translation>人员码真实有效，但此人不在本机的任何名册中</translation>
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
        <source>A void or a correction needs a reason</source>
        <translation>作废或更正需要填写原因</translation>
    </message>
    <message>
        <source>A correction names a person: scan their code or type their ID number</source>
        <translation>更正须指定一个人：请扫描其码或输入其身份证号</translation>
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
        <source>Made on another laptop: that laptop, or the campaign office, voids or corrects it</source>
        <translation>这条登记是其他电脑做的：请由那台电脑或指挥部作废或更正</translation>
    </message>
    <message>
        <source>an event of a kind this version does not know ({kind}): update this laptop</source>
        <translation>本版本不认识的事件类型（{kind}）：请更新本机软件</translation>
    </message>
    <message>
        <source>{where}: no camera at this index (not connected, or used by another program)</source>
        <translation>{where}：此编号没有摄像头（未连接，或被其他程序占用）</translation>
    </message>
    <message>
        <source>{where} is busy or unplugged: trying again every 2 seconds</source>
        <translation>{where}被占用或已拔出：每 2 秒重试一次</translation>
    </message>
    <message>
        <source>{where}: no such file or folder, and not a camera number</source>
        <translation>{where}：没有这个文件或文件夹，也不是摄像头编号</translation>
    </message>
    <message>
        <source>{where}: no such file or folder</source>
        <translation>{where}：没有这个文件或文件夹</translation>
    </message>
    <message>
        <source>{where}: no such video file</source>
        <translation>{where}：没有这个视频文件</translation>
    </message>
    <message>
        <source>{where}: not an image that can be read</source>
        <translation>{where}：不是可读取的图片</translation>
    </message>
    <message>
        <source>{where}: not a video that can be read</source>
        <translation>{where}：不是可读取的视频</translation>
    </message>
    <message>
        <source>{where}: cannot read the file ({why})</source>
        <translation>{where}：无法读取文件（{why}）</translation>
    </message>
    <message>
        <source>The zbar decoder needs the zbar library ({why})</source>
        <translation>zbar 解码器需要安装 zbar 库（{why}）</translation>
    </message>
    <message>
        <source>A site name is 1 to 64 printable characters</source>
        <translation>场所名称须为 1 至 64 个可打印字符</translation>
    </message>
    <message>
        <source>A checkpoint name is 1 to 64 printable characters</source>
        <translation>采样点名称须为 1 至 64 个可打印字符</translation>
    </message>
    <message>
        <source>A round name is 1 to 64 printable characters</source>
        <translation>轮次名称须为 1 至 64 个可打印字符</translation>
    </message>
    <message>
        <source>An operator name is 1 to 64 printable characters</source>
        <translation>操作员姓名须为 1 至 64 个可打印字符</translation>
    </message>
    <message>
        <source>An enterprise name is 1 to 64 printable characters</source>
        <translation>企业名称须为 1 至 64 个可打印字符</translation>
    </message>
    <message>
        <source>A person name is 1 to 64 printable characters</source>
        <translation>姓名须为 1 至 64 个可打印字符</translation>
    </message>
    <message>
        <source>The pool size is 1 to {most}, not {size}</source>
        <translation>混采人数须为 1 至 {most}，不能是 {size}</translation>
    </message>
    <message>
        <source>Round {round} is already open</source>
        <translation>{round} 已在进行中</translation>
    </message>
    <message>
        <source>Round {round} is already closed</source>
        <translation>{round} 已经结束</translation>
    </message>
    <message>
        <source>This database already holds a campaign</source>
        <translation>此数据库已有一次检测活动</translation>
    </message>
    <message>
        <source>This campaign&apos;s tube pattern {pattern} is not a usable regular expression: {why}</source>
        <translation>本次活动的试管编号规则 {pattern} 不是可用的正则表达式：{why}</translation>
    </message>
    <message>
        <source>This campaign&apos;s tube pattern is longer than {most} characters</source>
        <translation>本次活动的试管编号规则超过 {most} 个字符</translation>
    </message>
    <message>
        <source>Tube pattern {pattern} is not a usable regular expression: {why}</source>
        <translation>试管编号规则 {pattern} 不是可用的正则表达式：{why}</translation>
    </message>
    <message>
        <source>A tube pattern has at most {most} characters</source>
        <translation>试管编号规则最多 {most} 个字符</translation>
    </message>
    <message>
        <source>Choose a checkpoint</source>
        <translation>请选择采样点</translation>
    </message>
    <message>
        <source>Choose a round</source>
        <translation>请选择轮次</translation>
    </message>
    <message>
        <source>This database holds no campaign yet: create one or enrol first</source>
        <translation>此数据库还没有检测活动：请先新建或注册到服务器</translation>
    </message>
    <message>
        <source>The campaign office cancelled this enrolment code: ask for a new one</source>
        <translation>防控办公室已作废此注册码：请索取新的注册码</translation>
    </message>
    <message>
        <source>This enrolment code was already used: ask for a new one</source>
        <translation>此注册码已被使用：请索取新的注册码</translation>
    </message>
    <message>
        <source>This enrolment code has expired: ask for a new one</source>
        <translation>此注册码已过期：请索取新的注册码</translation>
    </message>
    <message>
        <source>Unknown enrolment code</source>
        <translation>未知的注册码</translation>
    </message>
    <message>
        <source>A typed enrolment code needs the server&apos;s address too (the office shows it beside the code)</source>
        <translation>手动输入注册码时还需填写服务器地址（防控办公室在注册码旁显示）</translation>
    </message>
    <message>
        <source>The server at {server} made no such code: check the code&apos;s twelve characters and the server&apos;s address</source>
        <translation>服务器 {server} 没有生成过这个注册码：请核对注册码的十二个字符和服务器地址</translation>
    </message>
    <message>
        <source>{file} holds no enrolment code: save it again from the office&apos;s Laptops screen</source>
        <translation>{file} 中没有注册码：请在防控办公室的“电脑”页面重新保存</translation>
    </message>
    <message>
        <source>{file} cannot be read ({why})</source>
        <translation>无法读取 {file}（{why}）</translation>
    </message>
    <message>
        <source>Not an enrolment code of this system: give the office&apos;s code, or type its XXXX-XXXX-XXXX form with the server&apos;s address</source>
        <translation>这不是本系统的注册码：请使用防控办公室给出的注册码，或连同服务器地址手动输入 XXXX-XXXX-XXXX 形式的注册码</translation>
    </message>
    <message>
        <source>This laptop works only at {checkpoint}, the checkpoint it was enrolled for</source>
        <translation>本机登记在{checkpoint}，只能在该采样点工作</translation>
    </message>
    <message>
        <source>This laptop is a checkpoint station: rounds are opened by the campaign office</source>
        <translation>本机是采样点电脑：轮次由指挥部开启</translation>
    </message>
    <message>
        <source>This laptop is a checkpoint station: rounds are closed by the campaign office</source>
        <translation>本机是采样点电脑：轮次由指挥部结束</translation>
    </message>
    <message>
        <source>This laptop is a checkpoint station: exemptions are set by the campaign office</source>
        <translation>本机是采样点电脑：免检由指挥部设定</translation>
    </message>
    <message>
        <source>This laptop is a checkpoint station: exemptions are cleared by the campaign office</source>
        <translation>本机是采样点电脑：免检由指挥部撤销</translation>
    </message>
    <message>
        <source>This laptop is a checkpoint station: lab results come from the campaign office</source>
        <translation>本机是采样点电脑：检测结果由指挥部录入</translation>
    </message>
    <message>
        <source>This laptop is a checkpoint station: person-code keys come from the campaign office</source>
        <translation>本机是采样点电脑：人员码密钥由指挥部发布</translation>
    </message>
    <message>
        <source>This laptop is a checkpoint station: enterprises are managed by the campaign office</source>
        <translation>本机是采样点电脑：企业信息由指挥部管理</translation>
    </message>
    <message>
        <source>This laptop is a checkpoint station: checkpoints are added by the campaign office</source>
        <translation>本机是采样点电脑：采样点由指挥部添加</translation>
    </message>
    <message>
        <source>This laptop is a checkpoint station: rosters are imported by the campaign office</source>
        <translation>本机是采样点电脑：名册由指挥部导入</translation>
    </message>
    <message>
        <source>The birth date in the ID number is in the future</source>
        <translation>身份证号中的出生日期在未来</translation>
    </message>
    <message>
        <source>Person codes are issued on the administrator&apos;s station</source>
        <translation>人员码只能在管理员电脑上签发</translation>
    </message>
    <message>
        <source>A person key is 16 base32 characters</source>
        <translation>人员密钥须为 16 个 base32 字符</translation>
    </message>
    <message>
        <source>No registration with event id {event}</source>
        <translation>没有事件号为 {event} 的登记</translation>
    </message>
    <message>
        <source>Unknown health-code colour {colour}</source>
        <translation>未知的健康码颜色 {colour}</translation>
    </message>
    <message>
        <source>Unknown source {source}</source>
        <translation>未知的来源 {source}</translation>
    </message>
    <message>
        <source>Already registered at {checkpoint} at {time}</source>
        <translation>已于 {time} 在 {checkpoint} 登记</translation>
    </message>
    <message>
        <source>{person} is on no roster</source>
        <translation>{person} 不在任何名册上</translation>
    </message>
    <message>
        <source>{person} is on the roster of {enterprise}</source>
        <translation>{person} 在 {enterprise} 的名册上</translation>
    </message>
    <message>
        <source>{person} is not on the roster{where}</source>
        <translation>{person} 不在名册上{where}</translation>
    </message>
    <message>
        <source>{query} matches {count} people on the roster{where}: narrow it down or give the full ID number</source>
        <translation>名册上{where}有 {count} 人符合 {query}：请缩小范围或输入完整身份证号</translation>
    </message>
    <message>
        <source>Nobody is on the roster{where}: no badge to print</source>
        <translation>名册上{where}没有人：没有可打印的人员码</translation>
    </message>
    <message>
        <source>A phone tail is 4 to 11 digits, not {tail}</source>
        <translation>手机尾号须为 4 至 11 位数字，不能是 {tail}</translation>
    </message>
    <message>
        <source>{out}: write a .pdf or .png file, or a folder</source>
        <translation>{out}：请写成 .pdf 或 .png 文件，或一个文件夹</translation>
    </message>
    <message>
        <source>ID number already on row {row} with different details</source>
        <translation>身份证号已在第 {row} 行出现，但信息不同</translation>
    </message>
    <message>
        <source>ID number also on row {row} with different details, the row chosen</source>
        <translation>身份证号与第 {row} 行相同但信息不同，已选用该行</translation>
    </message>
    <message>
        <source>Enterprise {firm} is not {enterprise}, the one this import is for</source>
        <translation>企业 {firm} 不是本次导入的企业 {enterprise}</translation>
    </message>
    <message>
        <source>Missing name</source>
        <translation>缺少姓名</translation>
    </message>
    <message>
        <source>Missing enterprise</source>
        <translation>缺少企业名称</translation>
    </message>
    <message>
        <source>Missing ID number</source>
        <translation>缺少身份证号</translation>
    </message>
    <message>
        <source>Excel stored the ID number as a number and lost its last digits: format the column as text and export again</source>
        <translation>Excel 把身份证号存成了数字，丢失了末几位：请把该列设为文本格式后重新导出</translation>
    </message>
    <message>
        <source>A reported headcount cannot be negative ({count})</source>
        <translation>申报人数不能为负数（{count}）</translation>
    </message>
    <message>
        <source>A headcount is a whole number, not {count}</source>
        <translation>人数须为整数，不能是 {count}</translation>
    </message>
    <message>
        <source>Unknown exemption reason {reason} (known: {known})</source>
        <translation>未知的免检原因 {reason}（可选：{known}）</translation>
    </message>
    <message>
        <source>An exemption for another reason needs a note saying which</source>
        <translation>“其他”免检原因需要备注说明</translation>
    </message>
    <message>
        <source>{person} is not exempt in round {round}</source>
        <translation>{person} 在 {round} 没有免检</translation>
    </message>
    <message>
        <source>{file}: the file has no enterprise column; give the enterprise&apos;s name</source>
        <translation>{file}：文件没有企业列；请指定企业名称</translation>
    </message>
    <message>
        <source>Replacing is for one enterprise&apos;s roster, and this file lists {count} ({names}): choose one</source>
        <translation>替换只针对一家企业的名册，而此文件列出了 {count} 家（{names}）：请选择一家</translation>
    </message>
    <message>
        <source>The file lists nobody of {enterprise} that can be imported: replacing would empty its roster, refused</source>
        <translation>文件中没有 {enterprise} 可导入的人员：替换会清空其名册，已拒绝</translation>
    </message>
    <message>
        <source>{file}: no such file</source>
        <translation>{file}：没有这个文件</translation>
    </message>
    <message>
        <source>{file}: no header row naming the columns {columns} in the first {rows} rows</source>
        <translation>{file}：前 {rows} 行中没有列出 {columns} 的表头</translation>
    </message>
    <message>
        <source>{file}: not text in UTF-8, GBK or GB18030; save it as CSV (UTF-8) or XLSX</source>
        <translation>{file}：不是 UTF-8、GBK 或 GB18030 文本；请另存为 CSV（UTF-8）或 XLSX</translation>
    </message>
    <message>
        <source>{file}: {size} MB is more than a roster or lab file holds (at most {most} MB); split it, by enterprise for instance</source>
        <translation>{file}：{size} MB 超出名册或检测结果文件的上限（最多 {most} MB）；请拆分，例如按企业</translation>
    </message>
    <message>
        <source>{file}: write a .xlsx or .csv file</source>
        <translation>{file}：请写成 .xlsx 或 .csv 文件</translation>
    </message>
    <message>
        <source>{file}: old .xls workbooks are not read; save it as .xlsx or CSV</source>
        <translation>{file}：不读取旧的 .xls 工作簿；请另存为 .xlsx 或 CSV</translation>
    </message>
    <message>
        <source>{file}: damaged {encoding} text at byte {byte}</source>
        <translation>{file}：第 {byte} 字节处的 {encoding} 文本已损坏</translation>
    </message>
    <message>
        <source>{file}: line {line} cannot be read as CSV ({why})</source>
        <translation>{file}：第 {line} 行无法按 CSV 读取（{why}）</translation>
    </message>
    <message>
        <source>{file}: not a readable XLSX workbook ({why})</source>
        <translation>{file}：不是可读取的 XLSX 工作簿（{why}）</translation>
    </message>
    <message>
        <source>{file}: a sheet goes beyond row {most}, more than a roster or lab file holds; split it, by enterprise for instance</source>
        <translation>{file}：工作表超过第 {most} 行，超出名册或检测结果文件的上限；请拆分，例如按企业</translation>
    </message>
    <message>
        <source>{file}: a sheet goes beyond column {most}, more than a roster or lab file holds; keep only the columns needed</source>
        <translation>{file}：工作表超过第 {most} 列，超出名册或检测结果文件的上限；请只保留需要的列</translation>
    </message>
    <message>
        <source>{file}: the workbook unpacks to more than {most} MB, more than a roster or lab file holds; save it again, or as CSV</source>
        <translation>{file}：工作簿解压后超过 {most} MB，超出名册或检测结果文件的上限；请重新保存，或另存为 CSV</translation>
    </message>
    <message>
        <source>{file}: the disk does not allow the database&apos;s journal (got {mode})</source>
        <translation>{file}：此磁盘不支持数据库日志模式（得到 {mode}）</translation>
    </message>
    <message>
        <source>{file}: a database of another program, not a campaign&apos;s; nothing was changed</source>
        <translation>{file}：这是其他程序的数据库，不是检测活动的；未作任何修改</translation>
    </message>
    <message>
        <source>{file}: written by a newer version of this software (schema step {step}); update the software before opening it</source>
        <translation>{file}：由更新版本的软件写入（结构版本 {step}）；请先升级软件再打开</translation>
    </message>
    <message>
        <source>{file}: is a folder, not a database</source>
        <translation>{file}：是文件夹，不是数据库</translation>
    </message>
    <message>
        <source>{file}: not a usable campaign database ({why})</source>
        <translation>{file}：不是可用的检测活动数据库（{why}）</translation>
    </message>
    <message>
        <source>{file}: no such database (create a campaign or enrol first)</source>
        <translation>{file}：没有这个数据库（请先新建检测活动或注册到服务器）</translation>
    </message>
    <message>
        <source>{tube} is not a tube barcode of this campaign</source>
        <translation>{tube} 不是本次活动的试管条码</translation>
    </message>
    <message>
        <source>Unknown tube {tube}</source>
        <translation>未知的试管 {tube}</translation>
    </message>
    <message>
        <source>Unknown tubes: {tubes}</source>
        <translation>未知的试管：{tubes}</translation>
    </message>
    <message>
        <source>Several tubes are open ({tubes}): choose the one to seal</source>
        <translation>有多支试管未封管（{tubes}）：请选择要封的那支</translation>
    </message>
    <message>
        <source>A tube count cannot be negative ({count})</source>
        <translation>试管数量不能为负数（{count}）</translation>
    </message>
    <message>
        <source>No sealed tube at {checkpoint} since the last handover: nothing to hand over</source>
        <translation>{checkpoint} 自上次交接以来没有封好的试管：无需交接</translation>
    </message>
    <message>
        <source>{path}: the key file is empty</source>
        <translation>{path}：密钥文件为空</translation>
    </message>
    <message>
        <source>{path}: the database is not encrypted: open it without a key, or encrypt it first</source>
        <translation>{path}：数据库未加密：请不带密钥打开，或先加密</translation>
    </message>
    <message>
        <source>Wrong passphrase: {path} cannot be opened with it</source>
        <translation>口令错误：无法用它打开 {path}</translation>
    </message>
    <message>
        <source>{path}: no such database</source>
        <translation>{path}：没有这个数据库</translation>
    </message>
    <message>
        <source>{path}: already encrypted</source>
        <translation>{path}：已经加密</translation>
    </message>
    <message>
        <source>{path}: not a campaign database; nothing was changed</source>
        <translation>{path}：不是检测活动数据库；未做任何更改</translation>
    </message>
    <message>
        <source>{path}: the database is encrypted: its key is needed (TESTPOINT_DB_KEY)</source>
        <translation>{path}：数据库已加密：需要密钥（TESTPOINT_DB_KEY）</translation>
    </message>
    <message>
        <source>Give a number of days, 0 or more</source>
        <translation>请填写天数（0 或以上）</translation>
    </message>
    <message>
        <source>{count} events have not reached the server yet: sync first, then purge</source>
        <translation>还有 {count} 条记录未上传到服务器：请先同步，再清除</translation>
    </message>
    <message>
        <source>Round {round} is open: close it before purging it</source>
        <translation>{round}尚未结束：请先结束本轮再清除</translation>
    </message>
    <message>
        <source>Round {round} is already purged</source>
        <translation>{round}已清除</translation>
    </message>
    <message>
        <source>The campaign has not ended: round {round} is open</source>
        <translation>检测活动尚未结束：{round}仍在进行</translation>
    </message>
    <message>
        <source>The campaign ended {when}, less than {days} days ago: nothing was purged</source>
        <translation>检测活动结束于 {when}，不足 {days} 天：未清除任何数据</translation>
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
    <message>
        <source>an unmasking of personal data</source>
        <translation>一次个人信息明文查看</translation>
    </message>
    <message>
        <source>a purge of personal data</source>
        <translation>一次个人信息清除</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
</TS>
