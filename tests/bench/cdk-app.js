// The flagship stack (stacks/sensor-pipeline.yaml) written as a plain-JavaScript CDK app, resource for
// resource, so `cdk synth` of it can be measured against `etlctl synth` (bench_synth.sh).
'use strict';
const cdk = require('aws-cdk-lib');
const { aws_kinesis: kinesis, aws_s3: s3, aws_iam: iam, aws_ec2: ec2, aws_autoscaling: autoscaling } = cdk;

const app = new cdk.App();
const stack = new cdk.Stack(app, 'sensor-pipeline', {
    description: 'Sensor readings from Kinesis to hourly [Q1, Q3] averages in S3 as Parquet (etlctl)',
    synthesizer: new cdk.DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
    analyticsReporting: false,
});
cdk.Tags.of(stack).add('project', 'sensor-pipeline');

const artifactBucket = new cdk.CfnParameter(stack, 'ArtifactBucket', { type: 'String' });
const artifactKey = new cdk.CfnParameter(stack, 'ArtifactKey', { type: 'String' });
const artifactSha = new cdk.CfnParameter(stack, 'ArtifactSha256', { type: 'String', allowedPattern: '^[0-9a-f]{64}$' });
const imageId = new cdk.CfnParameter(stack, 'ImageId', {
    type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
    default: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
});

const stream = new kinesis.Stream(stack, 'ReadingsStream', {
    shardCount: 1,
    retentionPeriod: cdk.Duration.hours(24),
    encryption: kinesis.StreamEncryption.MANAGED,
    removalPolicy: cdk.RemovalPolicy.DESTROY,
});

const prefix = '';
const bucket = new s3.Bucket(stack, 'ResultsBucket', {
    versioned: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    removalPolicy: cdk.RemovalPolicy.RETAIN,
    lifecycleRules: [
        { id: 'expire-old-checkpoint-versions', prefix: `${prefix}_state/`, noncurrentVersionExpiration: cdk.Duration.days(1) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: cdk.Duration.days(1) },
    ],
});

const role = new iam.Role(stack, 'ProcessorRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
role.addToPolicy(new iam.PolicyStatement({
    actions: ['s3:GetObject'],
    resources: [`arn:${cdk.Aws.PARTITION}:s3:::${artifactBucket.valueAsString}/${artifactKey.valueAsString}`],
}));
role.addToPolicy(new iam.PolicyStatement({
    actions: ['kinesis:ListShards', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:DescribeStreamSummary'],
    resources: [stream.streamArn],
}));
role.addToPolicy(new iam.PolicyStatement({
    actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
    resources: [`${bucket.bucketArn}/${prefix}*`],
}));
role.addToPolicy(new iam.PolicyStatement({
    actions: ['s3:ListBucket'],
    resources: [bucket.bucketArn],
    conditions: { StringLike: { 's3:prefix': `${prefix}*` } },
}));
const profile = new iam.CfnInstanceProfile(stack, 'ProcessorInstanceProfile', { roles: [role.roleName] });

const group = new ec2.CfnSecurityGroup(stack, 'ProcessorSecurityGroup', {
    groupDescription: 'etl-app of sensor-pipeline/processor, no inbound traffic',
});

const environment = {
    ETL_STREAM: stream.streamName, ETL_BUCKET: bucket.bucketName, ETL_PREFIX: prefix, ETL_SCOPE: 'all',
    ETL_WINDOW: '3600', ETL_LATENESS: '300', ETL_IDLE: '30', ETL_TIME_UNIT: 's', ETL_COMPRESSION: 'snappy',
    ETL_START: 'trim_horizon', ETL_CHECKPOINT_EVERY: '10', ETL_LOG_EVERY: '10',
};
const envLines = Object.entries(environment).map(([k, v]) => `${k}=${v}`).join('\n');
const userData = [
    '#!/bin/bash',
    'set -euo pipefail',
    `signal() { /opt/aws/bin/cfn-signal --exit-code "$1" --stack '${cdk.Aws.STACK_NAME}' --resource 'ProcessorAutoScalingGroup' --region '${cdk.Aws.REGION}' || true; }`,
    "trap 'signal 1' ERR",
    'dnf install -y -q aws-cfn-bootstrap',
    `aws s3 cp --only-show-errors 's3://${artifactBucket.valueAsString}/${artifactKey.valueAsString}' /var/tmp/etl-app.tar.gz`,
    `echo '${artifactSha.valueAsString}  /var/tmp/etl-app.tar.gz' | sha256sum --check --quiet`,
    'install -d -m 0755 /opt/etl-app /etc/etl-app',
    'tar -xzf /var/tmp/etl-app.tar.gz -C /opt/etl-app --strip-components=1 --no-same-owner',
    `cat >/etc/etl-app/env <<'ENV'\n${envLines}\nAWS_REGION=${cdk.Aws.REGION}\nENV`,
    'install -m 0644 /opt/etl-app/etl-app.service /etc/systemd/system/etl-app.service',
    'systemctl daemon-reload && systemctl enable --now etl-app',
    'signal 0',
].join('\n');

const template = new ec2.CfnLaunchTemplate(stack, 'ProcessorLaunchTemplate', {
    launchTemplateData: {
        imageId: imageId.valueAsString,
        instanceType: 't3.small',
        iamInstanceProfile: { arn: profile.attrArn },
        securityGroupIds: [group.attrGroupId],
        metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
        tagSpecifications: [{ resourceType: 'instance', tags: [{ key: 'project', value: 'sensor-pipeline' }] }],
        userData: cdk.Fn.base64(userData),
    },
});
template.addMetadata('Etlctl::App', {
    Environment: environment,
    Artifact: { Bucket: artifactBucket.valueAsString, Key: artifactKey.valueAsString, Sha256: artifactSha.valueAsString },
});

const asg = new autoscaling.CfnAutoScalingGroup(stack, 'ProcessorAutoScalingGroup', {
    minSize: '1', maxSize: '1', desiredCapacity: '1',
    launchTemplate: { launchTemplateId: template.ref, version: template.attrLatestVersionNumber },
    availabilityZones: cdk.Fn.getAzs(''),
    healthCheckType: 'EC2',
});
asg.cfnOptions.creationPolicy = { resourceSignal: { count: 1, timeout: 'PT15M' } };
asg.cfnOptions.updatePolicy = {
    autoScalingRollingUpdate: { minInstancesInService: 0, maxBatchSize: 1, pauseTime: 'PT15M', waitOnResourceSignals: true },
};

new cdk.CfnOutput(stack, 'ReadingsName', { value: stream.streamName });
new cdk.CfnOutput(stack, 'ReadingsArn', { value: stream.streamArn });
new cdk.CfnOutput(stack, 'ResultsName', { value: bucket.bucketName });
new cdk.CfnOutput(stack, 'ResultsLocation', { value: `s3://${bucket.bucketName}/${prefix}hourly/` });
new cdk.CfnOutput(stack, 'ProcessorGroup', { value: asg.ref });

app.synth();
