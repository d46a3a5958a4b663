#!/usr/bin/env node
// Validates a CloudFormation template with npm's cfn-lint (martysweet/cfn-lint: a JavaScript
// validator, not AWS's Python cfn-lint). It checks references (Ref, GetAtt, Sub), conditions,
// parameters, and every property's name and type against the resource specification it bundles,
// which is version 2.29.0 from 2019: spec-additions.json adds the few newer properties the
// template uses, so that they are checked rather than reported as unknown. It does not check
// that DependsOn, a Condition or an Fn::If names something that exists: CrossReferences does.
// Usage: node lint.js TEMPLATE [Name=Value ...]   exit 0: no errors and no warnings; 1: findings.
'use strict';
const path = require('path');
const awsData = require('cfn-lint/lib/awsData');
const api = require('cfn-lint/lib/api');
const parser = require('cfn-lint/lib/parser');
const additions = require('./spec-additions.json');

const [template, ...assignments] = process.argv.slice(2);
if (!template) {
    console.error('usage: node lint.js TEMPLATE [Name=Value ...]');
    process.exit(2);
}

const spec = awsData.awsResources;
for (const [name, type] of Object.entries(additions.PropertyTypes)) {
    if (spec.PropertyTypes[name]) throw new Error(`spec-additions.json: ${name} is in the bundled spec already`);
    spec.PropertyTypes[name] = type;
}
for (const [owner, properties] of Object.entries(additions.Properties)) {
    const target = spec.PropertyTypes[owner] || spec.ResourceTypes[owner];
    if (!target) throw new Error(`spec-additions.json: no type ${owner} to add properties to`);
    for (const [name, property] of Object.entries(properties)) {
        if (target.Properties[name]) throw new Error(`spec-additions.json: ${owner}.${name} exists already`);
        target.Properties[name] = property;
    }
}

const parameters = {};
for (const assignment of assignments) {
    const at = assignment.indexOf('=');
    if (at <= 0) {
        console.error(`not Name=Value: ${assignment}`);
        process.exit(2);
    }
    parameters[assignment.slice(0, at)] = assignment.slice(at + 1);
}

// The names the linter leaves unchecked, as findings in its own format.
function CrossReferences(document) {
    const resources = document.Resources || {};
    const conditions = document.Conditions || {};
    const problems = [];
    const condition = (name, where) => {
        if (typeof name !== 'string' || !(name in conditions)) problems.push(`${where}: no condition named ${name}`);
    };
    const walk = (node, where) => {
        if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${where} > ${i}`));
        if (node === null || typeof node !== 'object') return;
        if (Array.isArray(node['Fn::If'])) condition(node['Fn::If'][0], `${where} > Fn::If`);
        for (const [key, value] of Object.entries(node)) walk(value, `${where} > ${key}`);
    };
    for (const [name, resource] of Object.entries(resources)) {
        const where = `Resources > ${name}`;
        for (const target of [].concat(resource.DependsOn || [])) {
            if (!(target in resources)) problems.push(`${where} > DependsOn: no resource named ${target}`);
        }
        if ('Condition' in resource) condition(resource.Condition, `${where} > Condition`);
        walk(resource, where);
    }
    for (const [name, output] of Object.entries(document.Outputs || {})) {
        if ('Condition' in output) condition(output.Condition, `Outputs > ${name} > Condition`);
        walk(output, `Outputs > ${name}`);
    }
    return problems.map((message) => ['error', {resource: 'cross-references', message}]);
}

let result;
let extra;
try {
    result = api.validateFile(path.resolve(template), {parameters});
    extra = CrossReferences(parser.openFile(path.resolve(template)));
} catch (error) {
    // e.g. YAML the parser refuses (a duplicated key): a finding, not a crash with a stack trace.
    console.log(`error: ${template}: ${error.message.split('\n')[0]}`);
    process.exit(1);
}
const findings = [
    ...result.errors.crit.map((e) => ['error', e]),
    ...extra,
    ...result.errors.warn.map((e) => ['warning', e]),
];
for (const [severity, finding] of findings) {
    console.log(`${severity}: ${finding.resource}: ${finding.message}`);
}
const {crit, warn, info} = result.errors;
console.log(`${template}: ${crit.length + extra.length} error(s), ${warn.length} warning(s), ${info.length} info`);
process.exit(findings.length === 0 && result.templateValid ? 0 : 1);
