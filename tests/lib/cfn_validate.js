// Validates CloudFormation templates with AWS's offline validator (@aws/cloudformation-validate).
// usage: node cfn_validate.js TEMPLATE.json... ; prints every finding as "file: SEVERITY rule: message
// (resource path)"; exits 1 when any finding is FATAL or a file cannot be validated, else 0.
'use strict';
const { RegoEngine, TemplateFile } = require('@aws/cloudformation-validate');

const engine = new RegoEngine();
let fatal = 0;
try {
    for (const file of process.argv.slice(2)) {
        let report;
        try {
            report = engine.validateStandard(new TemplateFile(file));
        } catch (e) {
            console.log(`${file}: cannot validate: ${e && e.message ? e.message : e}`);
            fatal++;
            continue;
        }
        for (const d of report.diagnostics) {
            const entity = d.entity ? d.entity.name || d.entity.logicalId || JSON.stringify(d.entity) : '';
            const where = [entity, d.propertyPath].filter(Boolean).join(' ');
            console.log(`${file}:${d.startLine || 0}: ${d.severity} ${d.ruleId}: ${d.message}${where ? ` (${where})` : ''}`);
            if (d.severity === 'FATAL') fatal++;
        }
        console.log(`${file}: ${report.diagnostics.length} findings`);
    }
} finally {
    engine.free();
}
process.exit(fatal ? 1 : 0);
