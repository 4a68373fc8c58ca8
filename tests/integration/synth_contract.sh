# The flagship's template keeps the contracts other parts build on: the artifact and AMI parameters
# deploy fills, the Etlctl::App Metadata the local cloud runs the app from, the exact IAM the app
# needs (and nothing wider), and the section order AWS documents.
set -eu
cd "$TOP"
"$ETLCTL" synth --templates templates stacks/sensor-pipeline.yaml >"$TEST_TMP/t.json"
"$ETLCTL" synth --templates templates tests/golden/stacks/analytics.yaml >"$TEST_TMP/a.json"
node - "$TEST_TMP/t.json" "$TEST_TMP/a.json" <<'JS'
'use strict';
const assert = require('assert');
const fs = require('fs');
const [flagship, analytics] = process.argv.slice(2).map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
const order = ['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings',
    'Conditions', 'Transform', 'Resources', 'Outputs'];
for (const t of [flagship, analytics]) {
    const keys = Object.keys(t);
    assert.deepStrictEqual(keys, order.filter((k) => keys.includes(k)), 'section order');
}
const t = flagship, R = t.Resources;
// Parameters deploy fills.
for (const p of ['ArtifactBucket', 'ArtifactKey', 'ArtifactSha256']) assert.strictEqual(t.Parameters[p].Type, 'String', p);
assert.strictEqual(t.Parameters.ImageId.Type, 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>');
assert.strictEqual(t.Parameters.ImageId.Default, '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64');
// The launch template's Metadata: the app's whole environment and the artifact.
const lts = Object.values(R).filter((r) => r.Type === 'AWS::EC2::LaunchTemplate');
assert.strictEqual(lts.length, 1);
const app = lts[0].Metadata['Etlctl::App'];
const stream = Object.keys(R).find((k) => R[k].Type === 'AWS::Kinesis::Stream');
const bucket = Object.keys(R).find((k) => R[k].Type === 'AWS::S3::Bucket');
assert.deepStrictEqual(app.Environment, {
    ETL_STREAM: { Ref: stream }, ETL_BUCKET: { Ref: bucket }, ETL_PREFIX: '', ETL_SCOPE: 'all',
    ETL_WINDOW: '3600', ETL_LATENESS: '300', ETL_IDLE: '30', ETL_TIME_UNIT: 's', ETL_COMPRESSION: 'snappy',
    ETL_START: 'trim_horizon', ETL_CHECKPOINT_EVERY: '10', ETL_LOG_EVERY: '10',
});
assert.deepStrictEqual(app.Artifact, { Bucket: { Ref: 'ArtifactBucket' }, Key: { Ref: 'ArtifactKey' }, Sha256: { Ref: 'ArtifactSha256' } });
// User data sets the same environment plus AWS_REGION.
const parts = lts[0].Properties.LaunchTemplateData.UserData['Fn::Base64']['Fn::Join'][1];
const script = parts.map((p) => (typeof p === 'string' ? p : `<${JSON.stringify(p)}>`)).join('');
for (const [k, v] of Object.entries(app.Environment)) {
    const line = `\n${k}=${typeof v === 'string' ? v : `<${JSON.stringify(v)}>`}\n`;
    assert.ok(script.includes(line), `user data lacks ${line}`);
}
assert.ok(script.includes('\nAWS_REGION=<{"Ref":"AWS::Region"}>\n'), 'user data lacks AWS_REGION');
assert.ok(script.includes('sha256sum --check'), 'user data does not check the artifact');
// The artifact's layout (src/deploy/artifact.h): app/bin/etl-app and app/etl-app.service, whose unit
// reads its environment from /etc/etl-app/env.
assert.ok(script.includes("cat >/etc/etl-app/env <<'ENV'\nETL_STREAM="), 'user data does not write /etc/etl-app/env');
assert.ok(script.includes('--strip-components=1') && script.includes('/opt/etl-app/etl-app.service /etc/systemd/system/'),
    'user data does not install the artifact as laid out');
fs.writeFileSync(process.env.TEST_TMP + '/userdata.sh', parts.map((p) => (typeof p === 'string' ? p : 'X')).join(''));
// IAM: the role's statements, exactly what etl-app calls.
const role = Object.values(R).find((r) => r.Type === 'AWS::IAM::Role');
const statements = role.Properties.Policies.flatMap((p) => p.PolicyDocument.Statement);
const byActions = (s) => [].concat(s.Action).join(' ');
const arn = (k) => ({ 'Fn::GetAtt': [k, 'Arn'] });
assert.deepStrictEqual(statements.map((s) => [byActions(s), s.Resource, s.Condition]), [
    ['s3:GetObject', { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'ArtifactBucket' }, '/', { Ref: 'ArtifactKey' }]] }, undefined],
    ['kinesis:ListShards kinesis:GetShardIterator kinesis:GetRecords kinesis:DescribeStreamSummary', arn(stream), undefined],
    ['s3:GetObject s3:PutObject s3:AbortMultipartUpload', { 'Fn::Join': ['', [arn(bucket), '/*']] }, undefined],
    ['s3:ListBucket', arn(bucket), { StringLike: { 's3:prefix': '*' } }],
]);
// With a prefix, the object statements and the listing are scoped to it.
const aRole = Object.values(analytics.Resources).find((r) => r.Type === 'AWS::IAM::Role');
const aStatements = aRole.Properties.Policies.flatMap((p) => p.PolicyDocument.Statement);
assert.deepStrictEqual(aStatements[2].Resource, { 'Fn::Join': ['', [arn('ResultsBucket'), '/sensors/eu/*']] });
assert.deepStrictEqual(aStatements[3].Condition, { StringLike: { 's3:prefix': 'sensors/eu/*' } });
// Nowhere an Allow with a wildcard action or resource.
for (const tpl of [flagship, analytics]) {
    const walk = (v) => {
        if (Array.isArray(v)) return v.forEach(walk);
        if (v && typeof v === 'object') {
            if (v.Effect === 'Allow') {
                for (const a of [].concat(v.Action)) assert.ok(!a.includes('*'), `wildcard action ${a}`);
                for (const r of [].concat(v.Resource)) assert.notStrictEqual(r, '*', 'wildcard resource');
            }
            Object.values(v).forEach(walk);
        }
    };
    walk(tpl.Resources);
}
// The stream is encrypted with the AWS-managed key; the bucket blocks public access and needs TLS.
assert.deepStrictEqual(R[stream].Properties.StreamEncryption, { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
assert.ok(Object.values(R[bucket].Properties.PublicAccessBlockConfiguration).every((v) => v === true));
const policy = Object.values(R).find((r) => r.Type === 'AWS::S3::BucketPolicy');
assert.strictEqual(policy.Properties.PolicyDocument.Statement[0].Condition.Bool['aws:SecureTransport'], 'false');
// One instance, replaced old-first, and a deploy that waits for the app's signal.
const asg = Object.values(R).find((r) => r.Type === 'AWS::AutoScaling::AutoScalingGroup');
assert.deepStrictEqual([asg.Properties.MinSize, asg.Properties.MaxSize], ['1', '1']);
assert.strictEqual(asg.UpdatePolicy.AutoScalingRollingUpdate.MinInstancesInService, 0);
assert.strictEqual(asg.CreationPolicy.ResourceSignal.Count, 1);
console.log('contract holds');
JS
# The user data is a shell script bash accepts (references replaced by a word).
bash -n "$TEST_TMP/userdata.sh"
head -n 1 "$TEST_TMP/userdata.sh" | grep -qx '#!/bin/bash'
