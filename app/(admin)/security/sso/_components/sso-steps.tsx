import type { SpValues } from "@/lib/sso/sp-values";
import { CopyField } from "@/app/(admin)/security/_components/copy-field";
import { StepsCard } from "@/app/(admin)/security/_components/steps-card";

const Value = ({ id, label, value }: { id: string; label: string; value: string }) => (
  <div className="mt-2">
    <CopyField id={id} label={label} value={value} />
  </div>
);

/** Okta's and Entra's SAML apps, step by step, with our values filled in (README "Single sign-on" says the same). */
export function SamlSteps({ sp }: { sp: SpValues }) {
  return (
    <div className="flex flex-col gap-6">
      <StepsCard
        id="okta-saml-steps"
        title="Okta: SAML app"
        description="In the Okta Admin Console, in this order:"
        steps={[
          <>Go to <strong>Applications › Applications</strong>, select <strong>Create App Integration</strong>, choose <strong>SAML 2.0</strong> and select <strong>Next</strong>.</>,
          <>Enter an <strong>App name</strong>, for example <em>Admin Center</em>, and select <strong>Next</strong>.</>,
          <>In <strong>Single sign-on URL</strong>, enter our Assertion Consumer Service URL (keep <em>Use this for Recipient URL and Destination URL</em> checked):<Value id="okta-saml-acs" label="Single sign-on URL" value={sp.acsUrl} /></>,
          <>In <strong>Audience URI (SP Entity ID)</strong>, enter our entity ID:<Value id="okta-saml-audience" label="Audience URI (SP Entity ID)" value={sp.entityId} /></>,
          <>Set <strong>Name ID format</strong> to <strong>EmailAddress</strong> and <strong>Application username</strong> to <strong>Email</strong>: the plan finds each person by their email.</>,
          <>Select <strong>Next</strong>, answer the feedback question (an internal app), then <strong>Finish</strong>.</>,
          <>On the app&apos;s <strong>Sign On</strong> tab, under <strong>SAML Signing Certificates</strong>, open <strong>Actions › View IdP metadata</strong> (or <strong>View SAML setup instructions</strong>), copy the XML and paste it under <em>Your IdP&apos;s side</em> on this page.</>,
          <>On the <strong>Assignments</strong> tab, assign the app to the people (or groups) who may sign in.</>,
          <>Back here, select <strong>Test sign-in</strong>, sign in as yourself in the new tab, check the result, then turn single sign-on on.</>,
        ]}
      />
      <StepsCard
        id="entra-saml-steps"
        title="Microsoft Entra ID: enterprise app (SAML)"
        description="In the Microsoft Entra admin center, in this order:"
        steps={[
          <>Go to <strong>Enterprise applications › New application › Create your own application</strong>, name it (for example <em>Admin Center</em>), choose <em>Integrate any other application you don&apos;t find in the gallery (Non-gallery)</em> and select <strong>Create</strong>.</>,
          <>Open <strong>Single sign-on</strong> and choose <strong>SAML</strong>. (You can also <strong>Upload metadata file</strong> with our SP metadata, downloaded above.)</>,
          <>Under <strong>Basic SAML Configuration</strong>, select <strong>Edit</strong> and enter our values:<Value id="entra-saml-identifier" label="Identifier (Entity ID)" value={sp.entityId} /><Value id="entra-saml-reply" label="Reply URL (Assertion Consumer Service URL)" value={sp.acsUrl} /><Value id="entra-saml-sign-on" label="Sign on URL" value={sp.signInUrl} />Then select <strong>Save</strong>.</>,
          <>Under <strong>Attributes &amp; Claims</strong>, select <strong>Edit</strong>, open <strong>Unique User Identifier (Name ID)</strong>, choose the name identifier format <strong>Email address</strong> and the source attribute <strong>user.mail</strong> (or <strong>user.userprincipalname</strong> when your UPNs are the email addresses the plan knows).</>,
          <>Under <strong>SAML Certificates</strong>, keep <strong>Signing Option</strong> at <em>Sign SAML assertion</em> (the default) or <em>Sign SAML response and assertion</em>: an unsigned assertion is refused. Download <strong>Federation Metadata XML</strong> and upload it under <em>Your IdP&apos;s side</em> on this page.</>,
          <>Under <strong>Users and groups</strong>, assign the people (or groups) who may sign in.</>,
          <>Back here, select <strong>Test sign-in</strong>, sign in as yourself in the new tab, check the result, then turn single sign-on on.</>,
        ]}
      />
    </div>
  );
}

/** Okta's OIDC web app and Entra's app registration, step by step, with our redirect URI filled in. */
export function OidcSteps({ sp }: { sp: SpValues }) {
  return (
    <div className="flex flex-col gap-6">
      <StepsCard
        id="okta-oidc-steps"
        title="Okta: OIDC web app"
        description="In the Okta Admin Console, in this order:"
        steps={[
          <>Go to <strong>Applications › Applications</strong>, select <strong>Create App Integration</strong>, choose <strong>OIDC - OpenID Connect</strong> and the application type <strong>Web Application</strong>, then <strong>Next</strong>.</>,
          <>Name the app (for example <em>Admin Center</em>) and keep the grant type <strong>Authorization Code</strong>.</>,
          <>In <strong>Sign-in redirect URIs</strong>, replace the example with our redirect URI:<Value id="okta-oidc-redirect" label="Sign-in redirect URI" value={sp.oidcRedirectUri} /></>,
          <>Under <strong>Assignments</strong>, choose who may sign in (a group, or everyone in your organization), then <strong>Save</strong>.</>,
          <>Optional: in the app&apos;s <strong>General</strong> settings, set <strong>Initiate login URI</strong> to our sign-in page, so the Okta dashboard tile opens it:<Value id="okta-oidc-initiate" label="Initiate login URI" value={sp.signInUrl} /></>,
          <>From the <strong>General</strong> tab copy the <strong>Client ID</strong> and the <strong>Client secret</strong> into the form above. The issuer is your Okta URL, for example <em>https://acme.okta.com</em>.</>,
          <>Back here, select <strong>Test sign-in</strong>, sign in as yourself in the new tab, check the result, then turn single sign-on on.</>,
        ]}
      />
      <StepsCard
        id="entra-oidc-steps"
        title="Microsoft Entra ID: app registration (OIDC)"
        description="In the Microsoft Entra admin center, in this order:"
        steps={[
          <>Go to <strong>App registrations › New registration</strong>, name it (for example <em>Admin Center</em>) and keep <strong>Accounts in this organizational directory only</strong>.</>,
          <>Under <strong>Redirect URI</strong>, choose the platform <strong>Web</strong> and enter our redirect URI, then <strong>Register</strong>:<Value id="entra-oidc-redirect" label="Redirect URI (Web)" value={sp.oidcRedirectUri} /></>,
          <>Under <strong>Certificates &amp; secrets › Client secrets</strong>, select <strong>New client secret</strong>, and copy its <strong>Value</strong> (not its ID) into the form above: Entra shows it only once.</>,
          <>Under <strong>Token configuration</strong>, select <strong>Add optional claim</strong>, token type <strong>ID</strong>, claim <strong>email</strong>: the plan finds each person by their email.</>,
          <>From <strong>Overview</strong>, copy the <strong>Application (client) ID</strong> into Client ID, and the <strong>Directory (tenant) ID</strong> into the issuer: <em>https://login.microsoftonline.com/&lt;Directory (tenant) ID&gt;/v2.0</em>.</>,
          <>To limit who may sign in, open the app under <strong>Enterprise applications</strong>, set <strong>Properties › Assignment required?</strong> to Yes and assign people under <strong>Users and groups</strong>.</>,
          <>Back here, select <strong>Test sign-in</strong>, sign in as yourself in the new tab, check the result, then turn single sign-on on.</>,
        ]}
      />
    </div>
  );
}
